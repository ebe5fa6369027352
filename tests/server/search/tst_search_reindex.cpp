// Rebuilding the search index (SearchService.Reindex, behind `devcoll-server reindex`) from the
// user and post services' operator-only ListAll* pages: only for operators, it mends an index
// that lost, kept or garbled entries, and searches and events go on while it runs.
#include <QTest>

#include <atomic>
#include <future>

#include "devcoll/ids.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "platform/clock.h"
#include "search/search_store.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::search::v1;
namespace uv1 = devcoll::user::v1;

namespace {

// What one Reindex call streamed and how it ended.
struct ReindexRun {
    std::vector<sv1::ReindexResponse> progress;
    grpc::Status status;
};

}  // namespace

class TestSearchReindex final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<sv1::SearchService::Stub> m_search;
    TestUser m_operator;

    TestUser newUser(const std::string& prefix) {
        TestUser u = m_server->registerUser(prefix);
        if (!m_server->waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }

    pv1::Post post(const TestUser& as, const std::string& body, pv1::Visibility visibility = pv1::VISIBILITY_PUBLIC) {
        pv1::CreatePostRequest req;
        req.set_body(body);
        req.set_visibility(visibility);
        pv1::CreatePostResponse resp;
        if (!m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp).ok()) return {};
        return resp.post();
    }

    QStringList found(const TestUser& as, const std::string& query) {
        sv1::SearchPostsRequest req;
        req.set_query(query);
        req.set_page_size(100);
        sv1::SearchPostsResponse resp;
        const grpc::Status status = m_search->SearchPosts(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList ids;
        for (const auto& h : resp.hits()) ids << QString::fromStdString(h.post().id());
        return ids;
    }

    QStringList usersFound(const TestUser& as, const std::string& query) {
        sv1::SearchUsersRequest req;
        req.set_query(query);
        sv1::SearchUsersResponse resp;
        const grpc::Status status = m_search->SearchUsers(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList names;
        for (const auto& h : resp.hits()) names << QString::fromStdString(h.user().username());
        return names;
    }

    ReindexRun reindex(const TestUser& as) {
        ReindexRun run;
        auto ctx = TestServer::as(as);
        ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
        auto reader = m_search->Reindex(ctx.get(), sv1::ReindexRequest());
        sv1::ReindexResponse progress;
        while (reader->Read(&progress)) run.progress.push_back(progress);
        run.status = reader->Finish();
        return run;
    }

    // Changes the search index behind the services' backs, as lost or garbled events would.
    Status damageIndex(const std::function<Status(search::SearchStore&, storage::Tx&)>& change) {
        storage::Database* db = m_server->server().database("search");
        search::SearchStore store(*db);
        return db->transact([&](storage::Tx& tx) { return change(store, tx); });
    }

    static QString q(const std::string& s) { return QString::fromStdString(s); }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_search = sv1::SearchService::NewStub(m_server->channel());
        m_operator = m_server->operatorUser();
        QVERIFY(!m_operator.accessToken.empty());
    }

    void operatorCallsRefuseEveryoneElse() {
        TestUser someone = newUser("curious");
        uv1::ListAllUsersResponse users;
        DEVCOLL_COMPARE_CODE(m_server->users().ListAllUsers(TestServer::as(someone).get(), {}, &users),
                             grpc::StatusCode::PERMISSION_DENIED);
        uv1::ListAllFollowsResponse follows;
        DEVCOLL_COMPARE_CODE(m_server->users().ListAllFollows(TestServer::as(someone).get(), {}, &follows),
                             grpc::StatusCode::PERMISSION_DENIED);
        pv1::ListAllPostsResponse posts;
        DEVCOLL_COMPARE_CODE(m_server->posts().ListAllPosts(TestServer::as(someone).get(), {}, &posts),
                             grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(m_server->posts().ListAllPosts(TestServer::anonymous().get(), {}, &posts),
                             grpc::StatusCode::UNAUTHENTICATED);
        const ReindexRun run = reindex(someone);
        DEVCOLL_COMPARE_CODE(run.status, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(run.progress.empty());
    }

    void listAllPostsPagesInIdOrderWithoutDeletedPosts() {
        TestUser author = newUser("lister");
        std::vector<std::string> live;
        for (int i = 0; i < 5; ++i) live.push_back(post(author, "listed post " + std::to_string(i)).id());
        const std::string gone = post(author, "deleted before listing").id();
        pv1::DeletePostRequest del;
        del.set_post_id(gone);
        pv1::DeletePostResponse deleted;
        QVERIFY(m_server->posts().DeletePost(TestServer::as(author).get(), del, &deleted).ok());

        pv1::ListAllPostsRequest req;
        req.set_page_size(2);
        std::vector<std::string> listed;
        std::int64_t total = -1;
        int pages = 0;
        do {
            pv1::ListAllPostsResponse resp;
            const grpc::Status status = m_server->posts().ListAllPosts(TestServer::as(m_operator).get(), req, &resp);
            QVERIFY2(status.ok(), qPrintable(describe(status)));
            QVERIFY(resp.posts_size() <= 2);
            if (pages++ == 0)
                total = resp.total_size();
            else
                QCOMPARE(resp.total_size(), std::int64_t{0});
            for (const auto& p : resp.posts()) {
                QVERIFY(!p.deleted());
                listed.push_back(p.id());
            }
            req.set_page_token(resp.next_page_token());
        } while (!req.page_token().empty());
        QVERIFY(std::is_sorted(listed.begin(), listed.end()));
        QCOMPARE(static_cast<std::int64_t>(listed.size()), total);
        for (const auto& id : live) QVERIFY(std::find(listed.begin(), listed.end(), id) != listed.end());
        QVERIFY(std::find(listed.begin(), listed.end(), gone) == listed.end());

        pv1::ListAllPostsRequest tooBig;
        tooBig.set_page_size(1001);
        pv1::ListAllPostsResponse resp;
        DEVCOLL_COMPARE_CODE(m_server->posts().ListAllPosts(TestServer::as(m_operator).get(), tooBig, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        // A page token of another list pages nothing here.
        uv1::ListAllUsersRequest usersReq;
        usersReq.set_page_size(1);
        uv1::ListAllUsersResponse users;
        QVERIFY(m_server->users().ListAllUsers(TestServer::as(m_operator).get(), usersReq, &users).ok());
        QVERIFY(!users.next_page_token().empty());
        QVERIFY(users.users(0).email().empty());
        pv1::ListAllPostsRequest foreign;
        foreign.set_page_token(users.next_page_token());
        DEVCOLL_COMPARE_CODE(m_server->posts().ListAllPosts(TestServer::as(m_operator).get(), foreign, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
    }

    void listAllFollowsPagesEveryFollow() {
        TestUser a = newUser("edge_a");
        TestUser b = newUser("edge_b");
        uv1::FollowRequest follow;
        follow.set_user_id(b.id);
        uv1::FollowResponse followed;
        QVERIFY(m_server->users().Follow(TestServer::as(a).get(), follow, &followed).ok());

        uv1::ListAllFollowsRequest req;
        req.set_page_size(1);
        bool seen = false;
        do {
            uv1::ListAllFollowsResponse resp;
            const grpc::Status status = m_server->users().ListAllFollows(TestServer::as(m_operator).get(), req, &resp);
            QVERIFY2(status.ok(), qPrintable(describe(status)));
            for (const auto& f : resp.follows()) seen = seen || (f.follower_id() == a.id && f.followee_id() == b.id);
            req.set_page_token(resp.next_page_token());
        } while (!req.page_token().empty());
        QVERIFY(seen);
    }

    void reindexMendsLostKeptAndGarbledEntries() {
        TestUser author = newUser("mender");
        TestUser follower = newUser("mfollower");
        uv1::FollowRequest follow;
        follow.set_user_id(author.id);
        uv1::FollowResponse followed;
        QVERIFY(m_server->users().Follow(TestServer::as(follower).get(), follow, &followed).ok());
        const pv1::Post lost = post(author, "quokka sightings are rare");
        const pv1::Post garbled = post(author, "wombat burrows are cubic");
        const pv1::Post hidden = post(author, "platypus secrets", pv1::VISIBILITY_FOLLOWERS);
        QTRY_COMPARE(found(follower, "platypus"), QStringList{q(hidden.id())});
        QTRY_COMPARE(found(author, "wombat"), QStringList{q(garbled.id())});
        QTRY_COMPARE(found(author, "quokka"), QStringList{q(lost.id())});

        // The index loses a post and a follow, keeps a post and a user that are gone, and
        // holds another post's old words at its current version.
        const std::string ghostPost = newUuidV7();
        const std::string ghostUser = newUuidV7();
        QVERIFY(damageIndex([&](search::SearchStore& store, storage::Tx& tx) -> Status {
                    DEVCOLL_CHECK(tx.exec("DELETE FROM search_posts WHERE id = $1", {lost.id()}));
                    DEVCOLL_CHECK(tx.exec("DELETE FROM search_follows WHERE follower_id = $1", {follower.id}));
                    events::v1::PostChanged ghost;
                    ghost.set_post_id(ghostPost);
                    ghost.set_author_id(author.id);
                    ghost.set_body("echidna ghost post");
                    ghost.set_visibility(pv1::VISIBILITY_PUBLIC);
                    *ghost.mutable_created_at() = toTimestamp(nowMicros());
                    *ghost.mutable_updated_at() = ghost.created_at();
                    ghost.set_version(1);
                    DEVCOLL_CHECK(store.indexPost(tx, ghost));
                    events::v1::UserProfile ghostProfile;
                    ghostProfile.set_user_id(ghostUser);
                    ghostProfile.set_username("numbat_ghost");
                    ghostProfile.set_display_name("Ghost");
                    ghostProfile.set_version(1);
                    DEVCOLL_CHECK(store.indexUser(tx, ghostProfile));
                    events::v1::PostChanged old;
                    old.set_post_id(garbled.id());
                    old.set_author_id(author.id);
                    old.set_body("wallaby words from long ago");
                    old.set_visibility(pv1::VISIBILITY_PUBLIC);
                    *old.mutable_created_at() = garbled.created_at();
                    *old.mutable_updated_at() = garbled.updated_at();
                    old.set_version(garbled.version());
                    return store.indexPost(tx, old, search::Write::Refresh);
                }).ok());
        QCOMPARE(found(author, "quokka"), QStringList{});
        QCOMPARE(found(author, "echidna"), QStringList{q(ghostPost)});
        QCOMPARE(found(author, "wallaby"), QStringList{q(garbled.id())});
        QCOMPARE(found(follower, "platypus"), QStringList{});
        QCOMPARE(usersFound(author, "numbat_ghost"), QStringList{"numbat_ghost"});

        const ReindexRun run = reindex(m_operator);
        QVERIFY2(run.status.ok(), qPrintable(describe(run.status)));
        // Progress comes phase by phase, in order, and ends with DONE counting what was removed.
        QVERIFY(!run.progress.empty());
        for (std::size_t i = 1; i < run.progress.size(); ++i) {
            QVERIFY(run.progress[i].phase() >= run.progress[i - 1].phase());
        }
        QCOMPARE(run.progress.back().phase(), sv1::REINDEX_PHASE_DONE);
        QVERIFY(run.progress.back().done() >= 2);  // the ghost post and the ghost user

        QCOMPARE(found(author, "quokka"), QStringList{q(lost.id())});
        QCOMPARE(found(author, "echidna"), QStringList{});
        QCOMPARE(found(author, "wallaby"), QStringList{});
        QCOMPARE(found(author, "wombat"), QStringList{q(garbled.id())});
        QCOMPARE(found(follower, "platypus"), QStringList{q(hidden.id())});
        QCOMPARE(usersFound(author, "numbat_ghost"), QStringList{});
        QCOMPARE(usersFound(author, author.username), QStringList{q(author.username)});
    }

    void searchesAndWritesGoOnDuringAReindex() {
        TestUser author = newUser("busy");
        // Enough posts for several of the rebuild's pages.
        std::vector<std::string> ids;
        for (int i = 0; i < 1200; ++i)
            ids.push_back(post(author, "kookaburra chorus number " + std::to_string(i)).id());
        const std::string doomed = ids.front();
        QTRY_COMPARE(found(author, "kookaburra chorus number 1199").size(), 1);

        auto running = std::async(std::launch::async, [this] { return reindex(m_operator); });
        // Meanwhile: searches are answered, a post is deleted and another is written.
        int answered = 0;
        pv1::DeletePostRequest del;
        del.set_post_id(doomed);
        pv1::DeletePostResponse deleted;
        QVERIFY(m_server->posts().DeletePost(TestServer::as(author).get(), del, &deleted).ok());
        const pv1::Post fresh = post(author, "cassowary arrives mid rebuild");
        QVERIFY(!fresh.id().empty());
        while (running.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
            const QStringList hits = found(author, "kookaburra");
            QVERIFY2(hits.size() == 100, qPrintable(hits.value(0)));
            ++answered;
        }
        const ReindexRun run = running.get();
        QVERIFY2(run.status.ok(), qPrintable(describe(run.status)));
        QVERIFY(answered > 0);
        QTRY_COMPARE(found(author, "cassowary"), QStringList{q(fresh.id())});
        QCOMPARE(found(author, "kookaburra chorus number 0"), QStringList{});
        QCOMPARE(found(author, "kookaburra chorus number 1199").size(), 1);
    }

    void aCancelledReindexLeavesAUsableIndexAndMayBeRunAgain() {
        TestUser author = newUser("canceller");
        const pv1::Post kept = post(author, "bilby stays findable");
        QTRY_COMPARE(found(author, "bilby"), QStringList{q(kept.id())});

        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", "Bearer " + m_operator.accessToken);
        auto reader = m_search->Reindex(&ctx, sv1::ReindexRequest());
        sv1::ReindexResponse first;
        QVERIFY(reader->Read(&first));
        ctx.TryCancel();
        const grpc::Status cancelled = reader->Finish();
        QVERIFY2(cancelled.error_code() == grpc::StatusCode::CANCELLED || cancelled.ok(),
                 qPrintable(describe(cancelled)));
        QCOMPARE(found(author, "bilby"), QStringList{q(kept.id())});

        // The cancelled rebuild lets go: the next one runs, and to the end.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const ReindexRun run = reindex(m_operator);
                return run.status.ok() && run.progress.back().phase() == sv1::REINDEX_PHASE_DONE;
            }(),
            15000);
        QCOMPARE(found(author, "bilby"), QStringList{q(kept.id())});
    }
};

QTEST_GUILESS_MAIN(TestSearchReindex)
#include "tst_search_reindex.moc"
