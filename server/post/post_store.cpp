#include "post/post_store.h"

#include <tuple>

#include "platform/clock.h"
#include "platform/events/outbox.h"
#include "platform/events/suspension_feed.h"
#include "platform/storage/text_list.h"

namespace devcoll::post {
namespace {

using events::v1::EventType;
using storage::Row;
using storage::Tx;

// What the author of a post hidden with their suspension is told.
std::string suspendedReason(const std::string& reason) { return "Account suspended: " + reason; }

Post postFrom(const Row& r) {
    Post p;
    p.set_id(r.text(0));
    p.set_author_id(r.text(1));
    p.set_body(r.text(2));
    for (auto& id : storage::splitList(r.text(3))) p.add_media_ids(std::move(id));
    p.set_visibility(static_cast<devcoll::post::v1::Visibility>(r.integer(4)));
    *p.mutable_created_at() = toTimestamp(r.integer(5));
    *p.mutable_updated_at() = toTimestamp(r.integer(6));
    p.set_version(r.integer(7));
    p.set_like_count(r.integer(8));
    p.set_comment_count(r.integer(9));
    p.set_deleted(!r.isNull(10));
    p.set_liked_by_me(r.boolean(11));
    p.set_hidden(!r.isNull(12));
    p.set_hidden_reason(r.text(13));
    return p;
}

// A page from rows fetched with one extra row, which only tells whether more follow.
PostPage pageOf(const storage::Rows& rows, int pageSize) {
    PostPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
        page.posts.push_back(postFrom(rows[i]));
    }
    if (rows.size() > static_cast<std::size_t>(pageSize)) {
        const Post& last = page.posts.back();
        page.next = PostCursor{fromTimestamp(last.created_at()), last.id()};
    }
    return page;
}

Error notFound() { return makeError(ErrorCode::NotFound, "post_id: no such post"); }

}  // namespace

Result<std::optional<Post>> PostStore::read(Tx& tx, const std::string& id, const std::string& viewerId) {
    DEVCOLL_TRY(auto rows, tx.run("post_by_id", {id, viewerId}));
    if (rows.empty()) return std::optional<Post>{};
    return std::optional<Post>(postFrom(rows[0]));
}

Result<bool> PostStore::mayView(Tx& tx, const Post& post, const std::string& viewerId) {
    if (post.author_id() == viewerId) return true;
    if (post.hidden()) return false;
    if (post.visibility() != devcoll::post::v1::VISIBILITY_FOLLOWERS) return true;
    DEVCOLL_TRY(auto follows, tx.run("follows", {viewerId, post.author_id()}));
    return !follows.empty();
}

Result<Post> PostStore::visible(Tx& tx, const std::string& id, const std::string& viewerId) {
    DEVCOLL_TRY(auto found, read(tx, id, viewerId));
    if (!found) return notFound();
    DEVCOLL_TRY(bool allowed, mayView(tx, *found, viewerId));
    if (!allowed) return notFound();
    return std::move(*found);
}

Status PostStore::publish(Tx& tx, EventType type, const Post& post, const std::string& requestId) {
    auto event = events::newEnvelope(type, post.id(), post.version(), "post");
    event.set_request_id(requestId);
    if (type == events::v1::EVENT_TYPE_POST_DELETED) {
        auto* deleted = event.mutable_post_deleted();
        deleted->set_post_id(post.id());
        deleted->set_author_id(post.author_id());
        deleted->set_version(post.version());
    } else {
        auto* changed =
            type == events::v1::EVENT_TYPE_POST_CREATED ? event.mutable_post_created() : event.mutable_post_updated();
        changed->set_post_id(post.id());
        changed->set_author_id(post.author_id());
        changed->set_body(post.body());
        for (const auto& m : post.media_ids()) changed->add_media_ids(m);
        changed->set_visibility(post.visibility());
        *changed->mutable_created_at() = post.created_at();
        *changed->mutable_updated_at() = post.updated_at();
        changed->set_version(post.version());
        changed->set_hidden(post.hidden());
        changed->set_hidden_reason(post.hidden_reason());
    }
    return events::appendToOutbox(tx, event, &m_relay);
}

Result<Post> PostStore::create(const std::string& id, const std::string& authorId, const PostContent& content,
                               const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Post> {
        const std::int64_t now = nowMicros();
        const std::string media = storage::joinList(content.mediaIds);
        DEVCOLL_TRY(auto inserted,
                    tx.run("insert_post", {id, authorId, content.body, media, std::int64_t{content.visibility}, now}));
        if (inserted.affected == 0) {
            // The id exists: a retried create succeeds only with the same author and content.
            DEVCOLL_TRY(auto existing, read(tx, id, authorId));
            DEVCOLL_TRY(auto first, tx.run("first_revision", {id}));
            const bool same = existing && existing->author_id() == authorId && !first.empty() &&
                              PostContent{first[0].text(0), storage::splitList(first[0].text(1)),
                                          static_cast<int>(first[0].integer(2))} == content;
            const bool sameTombstone = existing && existing->author_id() == authorId && existing->deleted();
            if (!same && !sameTombstone) {
                return Error{ErrorCode::AlreadyExists, "post_id: a different post already has this id", "post_id", {}};
            }
            return std::move(*existing);
        }
        DEVCOLL_CHECK(tx.run("insert_revision",
                             {id, std::int64_t{1}, content.body, media, std::int64_t{content.visibility}, now}));
        // What was just written, without reading it back (a round trip on PostgreSQL).
        Post created;
        created.set_id(id);
        created.set_author_id(authorId);
        created.set_body(content.body);
        for (const auto& m : content.mediaIds) created.add_media_ids(m);
        created.set_visibility(static_cast<devcoll::post::v1::Visibility>(content.visibility));
        *created.mutable_created_at() = toTimestamp(now);
        *created.mutable_updated_at() = toTimestamp(now);
        created.set_version(1);
        DEVCOLL_CHECK(publish(tx, events::v1::EVENT_TYPE_POST_CREATED, created, requestId));
        return created;
    });
}

Result<Post> PostStore::get(const std::string& id, const std::string& viewerId, bool moderator) {
    return m_db.read([&](Tx& tx) -> Result<Post> {
        if (!moderator) return visible(tx, id, viewerId);
        DEVCOLL_TRY(auto found, read(tx, id, viewerId));
        if (!found) return notFound();
        return std::move(*found);
    });
}

Result<std::string> PostStore::authorOf(Tx& tx, const std::string& id) {
    DEVCOLL_TRY(auto post, read(tx, id, ""));
    if (!post) return makeError(ErrorCode::NotFound, "post_id: no such post");
    return post->author_id();
}

Status PostStore::setHidden(Tx& tx, const std::string& id, bool hidden, const std::string& reason,
                            const std::string& requestId) {
    if (!hidden) {
        // Shown again while its author is suspended: it stays hidden with the suspension, and
        // comes back when the suspension is lifted or ends.
        DEVCOLL_TRY(auto post, read(tx, id, ""));
        if (!post) return {};
        DEVCOLL_TRY(auto suspension, events::suspensionInForce(tx, post->author_id(), nowMicros()));
        if (suspension) {
            DEVCOLL_TRY(auto moved, tx.run("hide_post_with_suspension", {id, suspendedReason(suspension->reason)}));
            if (moved.affected == 0) return {};
            DEVCOLL_TRY(auto after, read(tx, id, ""));
            return publish(tx, events::v1::EVENT_TYPE_POST_UPDATED, *after, requestId);
        }
    }
    DEVCOLL_TRY(auto changed, hidden ? tx.run("hide_post", {id, nowMicros(), reason}) : tx.run("unhide_post", {id}));
    if (changed.affected == 0) return {};  // deleted meanwhile, or already so: nothing changes
    DEVCOLL_TRY(auto post, read(tx, id, ""));
    return publish(tx, events::v1::EVENT_TYPE_POST_UPDATED, *post, requestId);
}

Status PostStore::applySuspension(Tx& tx, const events::v1::SuspensionChanged& change, bool suspended) {
    const std::string& userId = change.user_id();
    DEVCOLL_TRY(auto posts, tx.run(suspended ? "shown_posts_of_author" : "posts_hidden_by_suspension", {userId}));
    const std::int64_t now = nowMicros();
    const std::string reason = suspendedReason(change.reason());
    for (const Row& r : posts) {
        const std::string id = r.text(0);
        DEVCOLL_TRY(auto changed, suspended ? tx.run("hide_post_of_suspended", {id, now, reason})
                                            : tx.run("unhide_post_of_suspended", {id}));
        if (changed.affected == 0) continue;
        DEVCOLL_TRY(auto post, read(tx, id, ""));
        DEVCOLL_CHECK(publish(tx, events::v1::EVENT_TYPE_POST_UPDATED, *post, ""));
    }
    return {};
}

Status PostStore::removeByModerator(Tx& tx, const events::v1::PostModerated& removal, const std::string& requestId) {
    DEVCOLL_TRY(auto marked, tx.run("mark_removed", {removal.post_id(), nowMicros(), removal.reason()}));
    if (marked.affected == 0) return {};  // deleted already
    DEVCOLL_TRY(auto post, read(tx, removal.post_id(), ""));
    DEVCOLL_CHECK(tombstone(tx, *post, requestId));
    return {};
}

Result<Post> PostStore::update(const std::string& id, const std::string& authorId, std::int64_t expectedVersion,
                               const PostContent& content, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Post> {
        DEVCOLL_TRY(Post current, visible(tx, id, authorId));
        if (current.author_id() != authorId) {
            return makeError(ErrorCode::PermissionDenied, "post_id: only its author can edit a post");
        }
        if (current.deleted()) return makeError(ErrorCode::FailedPrecondition, "post_id: the post was deleted");
        const auto stale = [&](std::int64_t version) {
            const std::string v = std::to_string(version);
            return makeError(ErrorCode::FailedPrecondition,
                             "expected_version: the post changed meanwhile; its current version is " + v)
                .withDetail("current-version", v);
        };
        if (current.version() != expectedVersion) return stale(current.version());
        const std::int64_t now = nowMicros();
        const std::string media = storage::joinList(content.mediaIds);
        DEVCOLL_TRY(auto updated, tx.run("update_post", {id, expectedVersion, content.body, media,
                                                         std::int64_t{content.visibility}, now}));
        if (updated.affected == 0) {
            DEVCOLL_TRY(auto now_, read(tx, id, authorId));
            return stale(now_ ? now_->version() : expectedVersion);
        }
        DEVCOLL_CHECK(tx.run("insert_revision",
                             {id, expectedVersion + 1, content.body, media, std::int64_t{content.visibility}, now}));
        DEVCOLL_TRY(auto after, read(tx, id, authorId));
        DEVCOLL_CHECK(publish(tx, events::v1::EVENT_TYPE_POST_UPDATED, *after, requestId));
        return std::move(*after);
    });
}

Result<Post> PostStore::remove(const std::string& id, const std::string& authorId, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Post> {
        DEVCOLL_TRY(Post current, visible(tx, id, authorId));
        if (current.author_id() != authorId) {
            return makeError(ErrorCode::PermissionDenied, "post_id: only its author can delete a post");
        }
        if (current.deleted()) return current;  // idempotent
        return tombstone(tx, current, requestId);
    });
}

Result<Post> PostStore::tombstone(Tx& tx, const Post& post, const std::string& requestId) {
    DEVCOLL_CHECK(tx.run("delete_post", {post.id(), nowMicros()}));
    // The content goes with the post: a tombstone keeps only what sync needs.
    DEVCOLL_CHECK(tx.run("delete_revisions", {post.id()}));
    DEVCOLL_TRY(auto after, read(tx, post.id(), post.author_id()));
    DEVCOLL_CHECK(publish(tx, events::v1::EVENT_TYPE_POST_DELETED, *after, requestId));
    return std::move(*after);
}

Result<RevisionPage> PostStore::revisions(const std::string& id, const std::string& viewerId,
                                          std::optional<std::int64_t> belowVersion, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<RevisionPage> {
        DEVCOLL_TRY(Post post, visible(tx, id, viewerId));
        DEVCOLL_TRY(auto rows,
                    tx.run("revisions_page", {id, belowVersion.value_or(INT64_MAX), std::int64_t{pageSize + 1}}));
        RevisionPage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
            const Row& r = rows[i];
            PostRevision revision;
            revision.set_version(r.integer(0));
            revision.set_body(r.text(1));
            for (auto& m : storage::splitList(r.text(2))) revision.add_media_ids(std::move(m));
            revision.set_visibility(static_cast<devcoll::post::v1::Visibility>(r.integer(3)));
            *revision.mutable_edited_at() = toTimestamp(r.integer(4));
            page.revisions.push_back(std::move(revision));
        }
        if (rows.size() > static_cast<std::size_t>(pageSize)) page.nextBelowVersion = page.revisions.back().version();
        return page;
    });
}

Result<PostPage> PostStore::byAuthor(const std::string& authorId, const std::string& viewerId,
                                     const std::optional<PostCursor>& after, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<PostPage> {
        bool seesFollowersOnly = authorId == viewerId;
        if (!seesFollowersOnly) {
            DEVCOLL_TRY(auto follows, tx.run("follows", {viewerId, authorId}));
            seesFollowersOnly = !follows.empty();
        }
        const PostCursor from = after.value_or(PostCursor{INT64_MAX, ""});
        DEVCOLL_TRY(auto rows,
                    tx.run("user_posts_page", {authorId, viewerId, from.createdAt, from.id,
                                               std::int64_t{seesFollowersOnly ? 1 : 0}, std::int64_t{pageSize + 1}}));
        return pageOf(rows, pageSize);
    });
}

Result<PostPage> PostStore::feed(const std::string& viewerId, const std::optional<PostCursor>& below,
                                 const std::optional<PostCursor>& above, int pageSize) {
    // Walking everyone's posts in time order costs (page / share) rows, where share is the part
    // of recent posts the followees wrote; gathering each followee's posts costs all they wrote
    // below the cursor. Neither is cheap everywhere, and only walking finds out the share, so
    // the walk goes at most kWalkPages pages' worth of posts deep and gathering takes over when
    // it found less than a page there. Both costs then stay near sqrt(page x posts): with 1M
    // posts, gathering runs only for feeds whose followees wrote under 1 post in 200.
    constexpr std::int64_t kWalkPages = 200;
    return m_db.read([&](Tx& tx) -> Result<PostPage> {
        const PostCursor upper = below.value_or(PostCursor{INT64_MAX, ""});
        const PostCursor lower = above.value_or(PostCursor{-1, ""});
        const std::int64_t wanted = pageSize + 1;
        DEVCOLL_TRY(auto bound, tx.run("feed_walk_bound", {upper.createdAt, upper.id, wanted * kWalkPages}));
        PostCursor walkLower = lower;
        bool bounded = false;
        if (!bound.empty()) {
            const PostCursor b{bound[0].integer(0), bound[0].text(1)};
            bounded = std::tie(b.createdAt, b.id) > std::tie(lower.createdAt, lower.id);
            if (bounded) walkLower = b;
        }
        DEVCOLL_TRY(auto walked, tx.run("feed_recent", {viewerId, viewerId, upper.createdAt, upper.id,
                                                        walkLower.createdAt, walkLower.id, wanted}));
        // A short walk that reached `lower` is the whole answer; one stopped by the bound is not.
        if (static_cast<std::int64_t>(walked.size()) == wanted || !bounded) return pageOf(walked, pageSize);
        DEVCOLL_TRY(auto gathered, tx.run("feed_by_author", {viewerId, viewerId, upper.createdAt, upper.id,
                                                             lower.createdAt, lower.id, wanted}));
        return pageOf(gathered, pageSize);
    });
}

Result<Post> PostStore::like(const std::string& id, const std::string& userId, bool liked,
                             const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Post> {
        DEVCOLL_TRY(Post post, visible(tx, id, userId));
        if (post.deleted()) return makeError(ErrorCode::FailedPrecondition, "post_id: the post was deleted");
        return setLike(tx, post, userId, liked, requestId);
    });
}

Result<Post> PostStore::setLike(Tx& tx, const Post& post, const std::string& userId, bool liked,
                                const std::string& requestId) {
    const std::string& id = post.id();
    DEVCOLL_TRY(auto changed,
                liked ? tx.run("insert_like", {id, userId, nowMicros()}) : tx.run("delete_like", {id, userId}));
    if (changed.affected == 0) return post;  // idempotent: nothing to do
    DEVCOLL_CHECK(tx.run("add_to_like_count", {id, std::int64_t{liked ? 1 : -1}}));
    auto event = events::newEnvelope(liked ? events::v1::EVENT_TYPE_POST_LIKED : events::v1::EVENT_TYPE_POST_UNLIKED,
                                     id, 0, "post");
    event.set_request_id(requestId);
    auto* payload = liked ? event.mutable_post_liked() : event.mutable_post_unliked();
    payload->set_post_id(id);
    payload->set_user_id(userId);
    payload->set_post_author_id(post.author_id());
    DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
    DEVCOLL_TRY(auto after, read(tx, id, userId));
    return std::move(*after);
}

Result<LikePage> PostStore::likes(const std::string& id, const std::string& viewerId,
                                  const std::optional<PostCursor>& after, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<LikePage> {
        DEVCOLL_CHECK(visible(tx, id, viewerId));
        const PostCursor from = after.value_or(PostCursor{INT64_MAX, ""});
        DEVCOLL_TRY(auto rows, tx.run("likes_page", {id, from.createdAt, from.id, std::int64_t{pageSize + 1}}));
        LikePage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
            page.userIds.push_back(rows[i].text(0));
        }
        if (rows.size() > static_cast<std::size_t>(pageSize)) {
            const Row& last = rows[static_cast<std::size_t>(pageSize) - 1];
            page.next = PostCursor{last.integer(1), last.text(0)};
        }
        return page;
    });
}

Status PostStore::applyFollow(Tx& tx, const events::v1::FollowChanged& change, bool followed) {
    if (followed) {
        DEVCOLL_CHECK(
            tx.run("insert_follow", {change.follower_id(), change.followee_id(), fromTimestamp(change.at())}));
    } else {
        DEVCOLL_CHECK(tx.run("delete_follow", {change.follower_id(), change.followee_id()}));
    }
    return {};
}

Status PostStore::removeUser(Tx& tx, const std::string& userId, const std::string& requestId) {
    DEVCOLL_TRY(auto likes, tx.run("likes_by_user", {userId}));
    for (const Row& r : likes) {
        DEVCOLL_TRY(auto post, read(tx, r.text(0), userId));
        if (post) DEVCOLL_CHECK(setLike(tx, *post, userId, false, requestId));
    }
    DEVCOLL_TRY(auto posts, tx.run("live_posts_of_author", {userId}));
    for (const Row& r : posts) {
        DEVCOLL_TRY(auto post, read(tx, r.text(0), userId));
        if (post) DEVCOLL_CHECK(tombstone(tx, *post, requestId));
    }
    DEVCOLL_CHECK(tx.run("delete_follows_of", {userId}));
    return {};
}

Result<std::vector<Post>> PostStore::allPosts(const std::string& afterId, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<Post>> {
        DEVCOLL_TRY(auto rows, tx.run("all_posts_page", {afterId, std::int64_t{limit}}));
        std::vector<Post> posts;
        posts.reserve(rows.size());
        for (const Row& r : rows) posts.push_back(postFrom(r));
        return posts;
    });
}

Result<std::int64_t> PostStore::livePostCount() {
    return m_db.read([](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_TRY(auto rows, tx.run("count_posts", {}));
        return rows[0].integer(0);
    });
}

}  // namespace devcoll::post
