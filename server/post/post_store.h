#pragma once
// PostStore: posts, their revisions and likes on the post service's database, and the events
// their changes publish, in the same transactions. Visibility is decided here, once, for
// every read: a followers-only post is invisible (NotFound) to whoever does not follow its
// author, so its existence never leaks.
#include <optional>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/result.h"
#include "platform/events/outbox_relay.h"
#include "platform/storage/database.h"

namespace devcoll::post {

using Post = devcoll::post::v1::Post;
using PostRevision = devcoll::post::v1::PostRevision;

// The content a create or an edit sets.
struct PostContent final {
    std::string body;
    std::vector<std::string> mediaIds;
    int visibility = devcoll::post::v1::VISIBILITY_PUBLIC;

    bool operator==(const PostContent&) const = default;
};

// A position in a newest-first list of posts.
struct PostCursor final {
    std::int64_t createdAt = 0;
    std::string id;
};

struct PostPage final {
    std::vector<Post> posts;
    std::optional<PostCursor> next;
};

struct LikePage final {
    std::vector<std::string> userIds;
    std::optional<PostCursor> next;  // the last like's (created_at, user id)
};

struct RevisionPage final {
    std::vector<PostRevision> revisions;
    std::optional<std::int64_t> nextBelowVersion;
};

class PostStore final {
public:
    PostStore(storage::Database& db, events::OutboxRelay& relay) : m_db(db), m_relay(relay) {}

    // Creates the post, or returns the existing one when `id` exists with the same author and
    // original content (a retried offline create); AlreadyExists when the content differs.
    Result<Post> create(const std::string& id, const std::string& authorId, const PostContent& content,
                        const std::string& requestId);
    // The post as `viewerId` sees it; NotFound when it does not exist or is hidden from them
    // (a moderator sees every post). A deleted post comes back as a tombstone.
    Result<Post> get(const std::string& id, const std::string& viewerId, bool moderator = false);
    // Applies an edit by the author at `expectedVersion`, keeping the old content as a revision.
    Result<Post> update(const std::string& id, const std::string& authorId, std::int64_t expectedVersion,
                        const PostContent& content, const std::string& requestId);
    // Deletes (idempotent) and returns the tombstone.
    Result<Post> remove(const std::string& id, const std::string& authorId, const std::string& requestId);
    Result<RevisionPage> revisions(const std::string& id, const std::string& viewerId,
                                   std::optional<std::int64_t> belowVersion, int pageSize);
    Result<PostPage> byAuthor(const std::string& authorId, const std::string& viewerId,
                              const std::optional<PostCursor>& after, int pageSize);
    // The viewer's home feed (own posts and followees'), newest first, strictly below `below`
    // and strictly above `above` (either may be absent).
    Result<PostPage> feed(const std::string& viewerId, const std::optional<PostCursor>& below,
                          const std::optional<PostCursor>& above, int pageSize);
    // Who liked a post, newest like first.
    Result<LikePage> likes(const std::string& id, const std::string& viewerId, const std::optional<PostCursor>& after,
                           int pageSize);
    // Idempotent; the post as the caller sees it afterwards.
    Result<Post> like(const std::string& id, const std::string& userId, bool liked, const std::string& requestId);

    // The follow graph copy, kept from the user service's events.
    Status applyFollow(storage::Tx& tx, const events::v1::FollowChanged& change, bool followed);
    // POST_HIDDEN / POST_UNHIDDEN from moderation: only the author sees a hidden post, and
    // nobody's feed holds it; the change is published as the post's POST_UPDATED.
    Status setHidden(storage::Tx& tx, const std::string& id, bool hidden, const std::string& reason,
                     const std::string& requestId);
    // USER_SUSPENDED: the account's shown posts are hidden, marked as hidden by the suspension;
    // USER_UNSUSPENDED shows those again. Each change is published.
    Status applySuspension(storage::Tx& tx, const events::v1::SuspensionChanged& change, bool suspended);
    // POST_REMOVED: the post becomes a tombstone that keeps the moderator's reason for its author.
    Status removeByModerator(storage::Tx& tx, const events::v1::PostModerated& removal, const std::string& requestId);
    // USER_DELETED: the user's posts become tombstones and their likes go, each change published
    // as its own event; their follows leave the graph copy.
    Status removeUser(storage::Tx& tx, const std::string& userId, const std::string& requestId);

    // Operators' bulk listing: the `limit` posts after `afterId` ("" from the start) that are
    // not deleted, in id order, and how many there are.
    Result<std::vector<Post>> allPosts(const std::string& afterId, int limit);
    Result<std::int64_t> livePostCount();

    // The post for `viewerId` inside `tx`, or NotFound: the one visibility rule, shared with
    // the comments.
    Result<Post> visible(storage::Tx& tx, const std::string& id, const std::string& viewerId);
    // Who wrote a post, whoever may see it (events about its comments need it); NotFound when
    // there is no such post.
    Result<std::string> authorOf(storage::Tx& tx, const std::string& id);

private:
    Result<std::optional<Post>> read(storage::Tx& tx, const std::string& id, const std::string& viewerId);
    Result<bool> mayView(storage::Tx& tx, const Post& post, const std::string& viewerId);
    Status publish(storage::Tx& tx, events::v1::EventType type, const Post& post, const std::string& requestId);
    // The write steps shared by the RPCs and the USER_DELETED consumer.
    Result<Post> tombstone(storage::Tx& tx, const Post& post, const std::string& requestId);
    Result<Post> setLike(storage::Tx& tx, const Post& post, const std::string& userId, bool liked,
                         const std::string& requestId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
};

}  // namespace devcoll::post
