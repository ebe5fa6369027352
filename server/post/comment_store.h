#pragma once
// CommentStore: comments on posts, in the post service's database. A comment is visible to
// whoever may see its post (PostStore::visible); comment_count on the post stays exact.
#include <optional>
#include <string>
#include <vector>

#include "devcoll/post/v1/post.pb.h"
#include "post/post_store.h"

namespace devcoll::post {

using Comment = devcoll::post::v1::Comment;

struct CommentPage final {
    std::vector<Comment> comments;
    std::optional<PostCursor> next;  // the last comment's (created_at, id)
};

class CommentStore final {
public:
    CommentStore(storage::Database& db, events::OutboxRelay& relay, PostStore& posts)
        : m_db(db), m_relay(relay), m_posts(posts) {}

    // Creates the comment, or returns the existing one when `id` exists with the same author,
    // post, parent and body (a retried offline create); AlreadyExists otherwise.
    Result<Comment> create(const std::string& id, const std::string& postId, const std::string& parentId,
                           const std::string& authorId, const std::string& body, const std::string& requestId);
    // Oldest first; tombstones included so that replies keep their thread.
    Result<CommentPage> page(const std::string& postId, const std::string& viewerId,
                             const std::optional<PostCursor>& after, int pageSize);
    // By the comment's author or the post's author; idempotent.
    Status remove(const std::string& id, const std::string& callerId, const std::string& requestId);
    // GetComment: as the viewer may see it (NotFound when they may not see its post);
    // moderators see every comment whole.
    Result<Comment> get(const std::string& id, const std::string& viewerId, bool moderator);
    // COMMENT_HIDDEN / COMMENT_UNHIDDEN: replicas lose it (COMMENT_DELETED, hidden) or get it
    // back (COMMENT_CREATED).
    Status setHidden(storage::Tx& tx, const events::v1::CommentModerated& change, bool hidden,
                     const std::string& requestId);
    // COMMENT_REMOVED: a tombstone that keeps the moderator's reason for its author.
    Status removeByModerator(storage::Tx& tx, const events::v1::CommentModerated& removal,
                             const std::string& requestId);
    // USER_DELETED: the user's comments become tombstones.
    Status removeUser(storage::Tx& tx, const std::string& userId, const std::string& requestId);

private:
    Result<std::optional<Comment>> read(storage::Tx& tx, const std::string& id);
    Status tombstone(storage::Tx& tx, const Comment& comment, const std::string& requestId);
    Status publishCreated(storage::Tx& tx, const Comment& comment, const std::string& postAuthorId,
                          const std::string& requestId);
    Status publishGone(storage::Tx& tx, const Comment& comment, bool hidden, const std::string& requestId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
    PostStore& m_posts;
};

}  // namespace devcoll::post
