// The post service over real gRPC: idempotent creates, edits with revisions and stale
// versions, tombstones, visibility of followers-only posts, exact like counts, author pages.
#include <QTest>

#include <atomic>
#include <set>
#include <thread>

#include "devcoll/ids.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

class TestPostService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    TestUser newUser(const std::string& prefix) {
        TestUser u = m_server->registerUser(prefix);
        if (!m_server->waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }

    grpc::Status create(const TestUser& as, const std::string& id, const std::string& body, pv1::Post* out,
                        pv1::Visibility visibility = pv1::VISIBILITY_PUBLIC) {
        pv1::CreatePostRequest req;
        req.set_post_id(id);
        req.set_body(body);
        req.set_visibility(visibility);
        pv1::CreatePostResponse resp;
        const grpc::Status status = m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.post();
        return status;
    }

    grpc::Status get(const TestUser& as, const std::string& id, pv1::Post* out = nullptr) {
        pv1::GetPostRequest req;
        req.set_post_id(id);
        pv1::GetPostResponse resp;
        const grpc::Status status = m_server->posts().GetPost(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.post();
        return status;
    }

    grpc::Status follow(const TestUser& who, const TestUser& whom, bool on) {
        if (on) {
            uv1::FollowRequest req;
            req.set_user_id(whom.id);
            uv1::FollowResponse resp;
            return m_server->users().Follow(TestServer::as(who).get(), req, &resp);
        }
        uv1::UnfollowRequest req;
        req.set_user_id(whom.id);
        uv1::UnfollowResponse resp;
        return m_server->users().Unfollow(TestServer::as(who).get(), req, &resp);
    }

    int userPostCount(const TestUser& as, const TestUser& author) {
        pv1::ListUserPostsRequest req;
        req.set_user_id(author.id);
        req.set_page_size(100);
        pv1::ListUserPostsResponse resp;
        return m_server->posts().ListUserPosts(TestServer::as(as).get(), req, &resp).ok() ? resp.posts_size() : -1;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void createIsIdempotentForTheSameContent() {
        TestUser a = newUser("author");
        const std::string id = newUuidV7();
        const std::string body = "Today I learned:\n```cpp\nstd::vector<int> v{1, 2, 3};\n```";
        pv1::Post first;
        grpc::Status status = create(a, id, body, &first);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(first.id(), id);
        QCOMPARE(first.author_id(), a.id);
        QCOMPARE(first.version(), std::int64_t{1});
        QCOMPARE(first.body(), body);

        // The offline client retries: same id, same content: the same post, nothing new.
        pv1::Post again;
        QVERIFY(create(a, id, body, &again).ok());
        QCOMPARE(again.id(), id);
        QCOMPARE(again.version(), std::int64_t{1});
        QCOMPARE(userPostCount(a, a), 1);

        // Same id, other content: refused.
        DEVCOLL_COMPARE_CODE(create(a, id, body + " (edited)", nullptr), grpc::StatusCode::ALREADY_EXISTS);
        // Someone else with that id: refused too.
        TestUser b = newUser("other");
        DEVCOLL_COMPARE_CODE(create(b, id, body, nullptr), grpc::StatusCode::ALREADY_EXISTS);

        // Ids from the far future or malformed are refused.
        const std::string future = newUuidV7At(std::chrono::system_clock::now() + std::chrono::hours(24));
        DEVCOLL_COMPARE_CODE(create(a, future, body, nullptr), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(create(a, "not-a-uuid", body, nullptr), grpc::StatusCode::INVALID_ARGUMENT);

        // Without an id the server chooses one.
        pv1::Post chosen;
        QVERIFY(create(a, "", "server picks the id", &chosen).ok());
        QVERIFY(isUuidV7(chosen.id()));
    }

    void staleEditIsRefusedAndEveryEditIsKept() {
        TestUser a = newUser("editor");
        pv1::Post post;
        QVERIFY(create(a, newUuidV7(), "v1", &post).ok());
        pv1::UpdatePostRequest req;
        req.mutable_post()->set_id(post.id());
        req.mutable_post()->set_body("v2");
        req.mutable_update_mask()->add_paths("body");
        req.set_expected_version(1);
        pv1::UpdatePostResponse resp;
        grpc::Status status = m_server->posts().UpdatePost(TestServer::as(a).get(), req, &resp);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(resp.post().version(), std::int64_t{2});
        QCOMPARE(resp.post().body(), std::string("v2"));

        req.mutable_post()->set_body("offline edit based on v1");
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", "Bearer " + a.accessToken);
        status = m_server->posts().UpdatePost(&ctx, req, &resp);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::FAILED_PRECONDITION);
        const auto trailers = ctx.GetServerTrailingMetadata();
        const auto current = trailers.find("devcoll-current-version");
        QVERIFY(current != trailers.end());
        QCOMPARE(std::string(current->second.data(), current->second.size()), std::string("2"));

        // Only the author edits.
        TestUser b = newUser("intruder");
        req.set_expected_version(2);
        DEVCOLL_COMPARE_CODE(m_server->posts().UpdatePost(TestServer::as(b).get(), req, &resp),
                             grpc::StatusCode::PERMISSION_DENIED);

        pv1::ListPostRevisionsRequest list;
        list.set_post_id(post.id());
        list.set_page_size(1);
        pv1::ListPostRevisionsResponse revisions;
        QVERIFY(m_server->posts().ListPostRevisions(TestServer::as(a).get(), list, &revisions).ok());
        QCOMPARE(revisions.revisions_size(), 1);
        QCOMPARE(revisions.revisions(0).body(), std::string("v2"));
        list.set_page_token(revisions.next_page_token());
        QVERIFY(m_server->posts().ListPostRevisions(TestServer::as(a).get(), list, &revisions).ok());
        QCOMPARE(revisions.revisions_size(), 1);
        QCOMPARE(revisions.revisions(0).body(), std::string("v1"));
        QVERIFY(revisions.next_page_token().empty());
    }

    void deleteLeavesATombstoneAndIsIdempotent() {
        TestUser a = newUser("deleter");
        pv1::Post post;
        QVERIFY(create(a, newUuidV7(), "soon gone", &post).ok());
        pv1::DeletePostRequest req;
        req.set_post_id(post.id());
        pv1::DeletePostResponse resp;
        TestUser b = newUser("stranger");
        DEVCOLL_COMPARE_CODE(m_server->posts().DeletePost(TestServer::as(b).get(), req, &resp),
                             grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(m_server->posts().DeletePost(TestServer::as(a).get(), req, &resp).ok());
        QVERIFY(resp.post().deleted());
        QVERIFY(resp.post().body().empty());
        QCOMPARE(resp.post().version(), std::int64_t{2});
        QVERIFY(m_server->posts().DeletePost(TestServer::as(a).get(), req, &resp).ok());
        QCOMPARE(resp.post().version(), std::int64_t{2});

        pv1::Post seen;
        QVERIFY(get(b, post.id(), &seen).ok());
        QVERIFY(seen.deleted());
        QCOMPARE(userPostCount(a, a), 0);
        // The retried create of a deleted post answers with its tombstone.
        pv1::Post retried;
        QVERIFY(create(a, post.id(), "soon gone", &retried).ok());
        QVERIFY(retried.deleted());
    }

    void followersOnlyPostsAreHiddenFromOthers() {
        TestUser author = newUser("private");
        TestUser fan = newUser("fan");
        TestUser stranger = newUser("stranger");
        pv1::Post secret;
        QVERIFY(create(author, newUuidV7(), "for my followers", &secret, pv1::VISIBILITY_FOLLOWERS).ok());
        pv1::Post open;
        QVERIFY(create(author, newUuidV7(), "for everyone", &open).ok());

        QVERIFY(get(author, secret.id()).ok());
        DEVCOLL_COMPARE_CODE(get(stranger, secret.id()), grpc::StatusCode::NOT_FOUND);
        QVERIFY(get(stranger, open.id()).ok());
        QCOMPARE(userPostCount(stranger, author), 1);
        pv1::LikePostRequest like;
        like.set_post_id(secret.id());
        pv1::LikePostResponse liked;
        DEVCOLL_COMPARE_CODE(m_server->posts().LikePost(TestServer::as(stranger).get(), like, &liked),
                             grpc::StatusCode::NOT_FOUND);

        // Following (an event from the user service) opens it; unfollowing closes it again.
        QVERIFY(follow(fan, author, true).ok());
        QTRY_VERIFY_WITH_TIMEOUT(get(fan, secret.id()).ok(), 5000);
        QCOMPARE(userPostCount(fan, author), 2);
        QVERIFY(follow(fan, author, false).ok());
        QTRY_VERIFY_WITH_TIMEOUT(get(fan, secret.id()).error_code() == grpc::StatusCode::NOT_FOUND, 5000);
        QCOMPARE(userPostCount(fan, author), 1);
    }

    void likeCountsAreExactUnderConcurrency() {
        TestUser author = newUser("popular");
        pv1::Post post;
        QVERIFY(create(author, newUuidV7(), "like me", &post).ok());
        std::vector<TestUser> likers;
        for (int i = 0; i < 8; ++i) likers.push_back(m_server->registerUser("liker"));
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (const TestUser& u : likers) {
            threads.emplace_back([&, u] {
                for (int k = 0; k < 5; ++k) {
                    pv1::LikePostRequest req;
                    req.set_post_id(post.id());
                    pv1::LikePostResponse resp;
                    failures += m_server->posts().LikePost(TestServer::as(u).get(), req, &resp).ok() ? 0 : 1;
                }
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(failures.load(), 0);
        pv1::Post seen;
        QVERIFY(get(likers[0], post.id(), &seen).ok());
        QCOMPARE(seen.like_count(), std::int64_t{8});
        std::set<std::string> likerIds;
        std::string token;
        do {
            pv1::ListPostLikesRequest req;
            req.set_post_id(post.id());
            req.set_page_size(3);
            req.set_page_token(token);
            pv1::ListPostLikesResponse resp;
            QVERIFY(m_server->posts().ListPostLikes(TestServer::as(author).get(), req, &resp).ok());
            for (const auto& id : resp.user_ids()) QVERIFY2(likerIds.insert(id).second, "a liker listed twice");
            token = resp.next_page_token();
        } while (!token.empty() && likerIds.size() < 20);
        QCOMPARE(likerIds.size(), std::size_t{8});
        QVERIFY(seen.liked_by_me());

        pv1::UnlikePostRequest unlike;
        unlike.set_post_id(post.id());
        pv1::UnlikePostResponse unliked;
        QVERIFY(m_server->posts().UnlikePost(TestServer::as(likers[0]).get(), unlike, &unliked).ok());
        QVERIFY(m_server->posts().UnlikePost(TestServer::as(likers[0]).get(), unlike, &unliked).ok());
        QCOMPARE(unliked.post().like_count(), std::int64_t{7});
        QVERIFY(!unliked.post().liked_by_me());
    }

    // Pages through the feed from `request` until its next token runs out; the ids in order.
    std::vector<std::string> drainFeed(const TestUser& as, pv1::GetFeedRequest request, std::string* newerToken) {
        std::vector<std::string> ids;
        for (int pages = 0; pages < 200; ++pages) {
            pv1::GetFeedResponse resp;
            const grpc::Status status = m_server->posts().GetFeed(TestServer::as(as).get(), request, &resp);
            if (!status.ok()) {
                qWarning("GetFeed: %s", qPrintable(describe(status)));
                return {};
            }
            if (pages == 0 && newerToken) *newerToken = resp.newer_page_token();
            for (const auto& p : resp.posts()) ids.push_back(p.id());
            if (resp.next_page_token().empty()) break;
            request.clear_newer_than_token();
            request.set_page_token(resp.next_page_token());
        }
        return ids;
    }

    void feedHoldsOwnAndFolloweesPosts() {
        TestUser reader = newUser("reader");
        TestUser friend_ = newUser("friend");
        TestUser other = newUser("other");
        pv1::Post mine, theirs, unrelated, secret;
        QVERIFY(create(reader, newUuidV7(), "mine", &mine).ok());
        QVERIFY(create(friend_, newUuidV7(), "theirs", &theirs).ok());
        QVERIFY(create(friend_, newUuidV7(), "for followers", &secret, pv1::VISIBILITY_FOLLOWERS).ok());
        QVERIFY(create(other, newUuidV7(), "unrelated", &unrelated).ok());
        QCOMPARE(drainFeed(reader, {}, nullptr), std::vector<std::string>{mine.id()});

        QVERIFY(follow(reader, friend_, true).ok());
        const std::vector<std::string> followed{secret.id(), theirs.id(), mine.id()};
        QTRY_COMPARE_WITH_TIMEOUT(drainFeed(reader, {}, nullptr), followed, 5000);
        QVERIFY(follow(reader, friend_, false).ok());
        QTRY_COMPARE_WITH_TIMEOUT(drainFeed(reader, {}, nullptr), std::vector<std::string>{mine.id()}, 5000);
    }

    void feedContinuesExactlyAfterAnAbsence() {
        TestUser author = newUser("busy");
        TestUser reader = newUser("away");
        QVERIFY(follow(reader, author, true).ok());
        std::vector<std::string> old;
        for (int i = 0; i < 45; ++i) {
            pv1::Post p;
            QVERIFY(create(author, newUuidV7(), "old " + std::to_string(i), &p).ok());
            old.insert(old.begin(), p.id());  // newest first
        }
        QTRY_VERIFY_WITH_TIMEOUT(drainFeed(reader, {}, nullptr).size() == old.size(), 5000);

        // Page 1, then the reader is away while 500 posts arrive.
        pv1::GetFeedRequest first;
        first.set_page_size(20);
        pv1::GetFeedResponse page1;
        QVERIFY(m_server->posts().GetFeed(TestServer::as(reader).get(), first, &page1).ok());
        QCOMPARE(page1.posts_size(), 20);
        std::vector<std::string> fresh;
        for (int i = 0; i < 500; ++i) {
            pv1::Post p;
            QVERIFY(create(author, newUuidV7(), "new " + std::to_string(i), &p).ok());
            fresh.insert(fresh.begin(), p.id());
        }

        // The old token continues exactly where page 1 stopped: no gap, no repeat.
        pv1::GetFeedRequest next;
        next.set_page_size(20);
        next.set_page_token(page1.next_page_token());
        std::vector<std::string> seen;
        for (const auto& p : page1.posts()) seen.push_back(p.id());
        const auto rest = drainFeed(reader, next, nullptr);
        seen.insert(seen.end(), rest.begin(), rest.end());
        QCOMPARE(seen, old);

        // The mark of page 1 fetches exactly the 500 that arrived above it.
        pv1::GetFeedRequest refresh;
        refresh.set_page_size(100);
        refresh.set_newer_than_token(page1.newer_page_token());
        std::string newTop;
        QCOMPARE(drainFeed(reader, refresh, &newTop), fresh);
        // And the new mark has nothing above it yet.
        refresh.set_newer_than_token(newTop);
        QVERIFY(drainFeed(reader, refresh, nullptr).empty());

        pv1::GetFeedRequest both;
        both.set_page_token(page1.next_page_token());
        both.set_newer_than_token(page1.newer_page_token());
        pv1::GetFeedResponse refused;
        DEVCOLL_COMPARE_CODE(m_server->posts().GetFeed(TestServer::as(reader).get(), both, &refused),
                             grpc::StatusCode::INVALID_ARGUMENT);
    }

    // The feed walks recent posts only so deep before it gathers per followee instead
    // (PostStore::feed): a followee who posts rarely, under a flood from strangers, is found
    // either way, page by page, and the two plans agree.
    void feedFindsQuietFolloweesUnderAFloodOfStrangers() {
        TestUser quiet = newUser("quiet");
        TestUser loud = newUser("loud");
        TestUser reader = newUser("reader");
        QVERIFY(follow(reader, quiet, true).ok());
        const auto flood = [&](int count) {
            for (int i = 0; i < count; ++i) {
                if (!create(loud, newUuidV7(), "flood " + std::to_string(i), nullptr).ok()) return false;
            }
            return true;
        };
        pv1::Post older, newer;
        QVERIFY(create(quiet, newUuidV7(), "rarely", &older).ok());
        QVERIFY(flood(450));  // more than a walk for pages of 1 goes deep (2 x 200)
        QVERIFY(create(quiet, newUuidV7(), "again", &newer).ok());
        QVERIFY(flood(450));
        const std::vector<std::string> expected{newer.id(), older.id()};
        for (int pageSize : {1, 2, 20}) {
            pv1::GetFeedRequest req;
            req.set_page_size(pageSize);
            QTRY_COMPARE_WITH_TIMEOUT(drainFeed(reader, req, nullptr), expected, 5000);
        }
    }

    void deletedAccountTakesItsPostsAndLikes() {
        TestUser leaving = newUser("leaving");
        TestUser staying = newUser("staying");
        pv1::Post theirs, mine;
        QVERIFY(create(leaving, newUuidV7(), "my last words", &mine).ok());
        QVERIFY(create(staying, newUuidV7(), "still here", &theirs).ok());
        pv1::LikePostRequest like;
        like.set_post_id(theirs.id());
        pv1::LikePostResponse liked;
        QVERIFY(m_server->posts().LikePost(TestServer::as(leaving).get(), like, &liked).ok());
        QCOMPARE(liked.post().like_count(), std::int64_t{1});
        QVERIFY(comment(leaving, newUuidV7(), theirs.id(), "", "goodbye").ok());

        uv1::DeleteAccountRequest req;
        req.set_password(leaving.password);
        uv1::DeleteAccountResponse resp;
        QVERIFY(m_server->users().DeleteAccount(TestServer::as(leaving).get(), req, &resp).ok());

        // USER_DELETED reaches the post service: the posts become tombstones, the likes go.
        pv1::Post seen;
        QTRY_VERIFY_WITH_TIMEOUT(get(staying, mine.id(), &seen).ok() && seen.deleted(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            get(staying, theirs.id(), &seen).ok() && seen.like_count() == 0 && seen.comment_count() == 0, 5000);
        QCOMPARE(userPostCount(staying, leaving), 0);
    }

    grpc::Status comment(const TestUser& as, const std::string& id, const std::string& postId,
                         const std::string& parentId, const std::string& body, pv1::Comment* out = nullptr) {
        pv1::CreateCommentRequest req;
        req.set_comment_id(id);
        req.set_post_id(postId);
        req.set_parent_comment_id(parentId);
        req.set_body(body);
        pv1::CreateCommentResponse resp;
        const grpc::Status status = m_server->posts().CreateComment(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.comment();
        return status;
    }

    void commentsThreadPageAndDelete() {
        TestUser author = newUser("op");
        TestUser commenter = newUser("commenter");
        TestUser stranger = newUser("stranger");
        pv1::Post post;
        QVERIFY(create(author, newUuidV7(), "discuss", &post).ok());

        const std::string first = newUuidV7();
        pv1::Comment c;
        QVERIFY(comment(commenter, first, post.id(), "", "first!", &c).ok());
        QCOMPARE(c.author_id(), commenter.id);
        QVERIFY(comment(commenter, first, post.id(), "", "first!", &c).ok());  // retried: the same
        DEVCOLL_COMPARE_CODE(comment(commenter, first, post.id(), "", "other text"), grpc::StatusCode::ALREADY_EXISTS);
        pv1::Comment reply;
        QVERIFY(comment(author, newUuidV7(), post.id(), first, "thanks", &reply).ok());
        QCOMPARE(reply.parent_comment_id(), first);
        pv1::Post other;
        QVERIFY(create(author, newUuidV7(), "elsewhere", &other).ok());
        DEVCOLL_COMPARE_CODE(comment(author, newUuidV7(), other.id(), first, "wrong thread"),
                             grpc::StatusCode::INVALID_ARGUMENT);
        std::vector<std::string> ids{first, reply.id()};
        for (int i = 0; i < 43; ++i) {
            pv1::Comment more;
            QVERIFY(comment(commenter, newUuidV7(), post.id(), "", "comment " + std::to_string(i), &more).ok());
            ids.push_back(more.id());
        }
        pv1::Post seen;
        QVERIFY(get(author, post.id(), &seen).ok());
        QCOMPARE(seen.comment_count(), std::int64_t{45});

        // Oldest first, in pages, nothing twice.
        std::vector<std::string> listed;
        std::string token;
        do {
            pv1::ListCommentsRequest req;
            req.set_post_id(post.id());
            req.set_page_token(token);
            pv1::ListCommentsResponse resp;
            QVERIFY(m_server->posts().ListComments(TestServer::as(stranger).get(), req, &resp).ok());
            for (const auto& x : resp.comments()) listed.push_back(x.id());
            token = resp.next_page_token();
        } while (!token.empty() && listed.size() < 100);
        QCOMPARE(listed, ids);

        // Deleting: not by a stranger; by the post's author yes; a tombstone stays in the thread.
        pv1::DeleteCommentRequest del;
        del.set_comment_id(first);
        pv1::DeleteCommentResponse deleted;
        DEVCOLL_COMPARE_CODE(m_server->posts().DeleteComment(TestServer::as(stranger).get(), del, &deleted),
                             grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(m_server->posts().DeleteComment(TestServer::as(author).get(), del, &deleted).ok());
        QVERIFY(m_server->posts().DeleteComment(TestServer::as(commenter).get(), del, &deleted).ok());
        QVERIFY(get(author, post.id(), &seen).ok());
        QCOMPARE(seen.comment_count(), std::int64_t{44});
        pv1::ListCommentsRequest req;
        req.set_post_id(post.id());
        req.set_page_size(1);
        pv1::ListCommentsResponse resp;
        QVERIFY(m_server->posts().ListComments(TestServer::as(author).get(), req, &resp).ok());
        QVERIFY(resp.comments(0).deleted());
        QVERIFY(resp.comments(0).body().empty());

        // Comments of a followers-only post are hidden like the post.
        pv1::Post secret;
        QVERIFY(create(author, newUuidV7(), "inner circle", &secret, pv1::VISIBILITY_FOLLOWERS).ok());
        DEVCOLL_COMPARE_CODE(comment(stranger, newUuidV7(), secret.id(), "", "let me in"), grpc::StatusCode::NOT_FOUND);
        req.set_post_id(secret.id());
        DEVCOLL_COMPARE_CODE(m_server->posts().ListComments(TestServer::as(stranger).get(), req, &resp),
                             grpc::StatusCode::NOT_FOUND);
    }

    void userPostsPageNewestFirst() {
        TestUser a = newUser("prolific");
        std::vector<std::string> ids;
        for (int i = 0; i < 45; ++i) {
            pv1::Post p;
            QVERIFY(create(a, newUuidV7(), "post " + std::to_string(i), &p).ok());
            ids.push_back(p.id());
        }
        std::vector<std::string> seen;
        std::string token;
        do {
            pv1::ListUserPostsRequest req;
            req.set_user_id(a.id);
            req.set_page_token(token);
            pv1::ListUserPostsResponse resp;
            QVERIFY(m_server->posts().ListUserPosts(TestServer::as(a).get(), req, &resp).ok());
            for (const auto& p : resp.posts()) seen.push_back(p.id());
            token = resp.next_page_token();
        } while (!token.empty() && seen.size() < 100);
        std::reverse(ids.begin(), ids.end());
        QCOMPARE(seen, ids);
    }
};

QTEST_GUILESS_MAIN(TestPostService)
#include "tst_post_service.moc"
