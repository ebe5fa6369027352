#include "post/comment_store.h"

#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::post {
namespace {

using storage::Row;
using storage::Tx;

Comment commentFrom(const Row& r) {
    Comment c;
    c.set_id(r.text(0));
    c.set_post_id(r.text(1));
    c.set_parent_comment_id(r.text(2));
    c.set_author_id(r.text(3));
    c.set_body(r.text(4));
    *c.mutable_created_at() = toTimestamp(r.integer(5));
    c.set_deleted(!r.isNull(6));
    c.set_hidden(!r.isNull(7));
    c.set_hidden_reason(r.text(8));
    return c;
}

// A hidden comment as `viewerId` sees it: whole for its author and moderators, a placeholder
// for everyone else.
Comment asSeenBy(Comment c, const std::string& viewerId, bool moderator) {
    if (c.hidden() && !moderator && c.author_id() != viewerId) {
        c.clear_body();
        c.clear_hidden_reason();
    }
    return c;
}

}  // namespace

Result<std::optional<Comment>> CommentStore::read(Tx& tx, const std::string& id) {
    DEVCOLL_TRY(auto rows, tx.run("comment_by_id", {id}));
    if (rows.empty()) return std::optional<Comment>{};
    return std::optional<Comment>(commentFrom(rows[0]));
}

Result<Comment> CommentStore::create(const std::string& id, const std::string& postId, const std::string& parentId,
                                     const std::string& authorId, const std::string& body,
                                     const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Comment> {
        DEVCOLL_TRY(Post post, m_posts.visible(tx, postId, authorId));
        DEVCOLL_TRY(auto existing, read(tx, id));
        if (existing) {
            const bool same = existing->author_id() == authorId && existing->post_id() == postId &&
                              existing->parent_comment_id() == parentId &&
                              (existing->deleted() || existing->body() == body);
            if (!same) {
                return Error{
                    ErrorCode::AlreadyExists, "comment_id: a different comment already has this id", "comment_id", {}};
            }
            return std::move(*existing);
        }
        if (post.deleted()) return makeError(ErrorCode::FailedPrecondition, "post_id: the post was deleted");
        if (!parentId.empty()) {
            DEVCOLL_TRY(auto parent, read(tx, parentId));
            if (!parent || parent->post_id() != postId) {
                return invalidArgument("parent_comment_id", "is not a comment of this post");
            }
        }
        const std::int64_t now = nowMicros();
        DEVCOLL_TRY(auto inserted, tx.run("insert_comment", {id, postId, parentId, authorId, body, now}));
        if (inserted.affected == 0) return makeError(ErrorCode::Aborted, "comment_id: created concurrently; retry");
        DEVCOLL_CHECK(tx.run("add_to_comment_count", {postId, std::int64_t{1}}));
        DEVCOLL_TRY(auto created, read(tx, id));
        DEVCOLL_CHECK(publishCreated(tx, *created, post.author_id(), requestId));
        return std::move(*created);
    });
}

Result<CommentPage> CommentStore::page(const std::string& postId, const std::string& viewerId,
                                       const std::optional<PostCursor>& after, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<CommentPage> {
        DEVCOLL_CHECK(m_posts.visible(tx, postId, viewerId));
        const PostCursor from = after.value_or(PostCursor{-1, ""});
        DEVCOLL_TRY(auto rows, tx.run("comments_page", {postId, from.createdAt, from.id, std::int64_t{pageSize + 1}}));
        CommentPage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
            page.comments.push_back(asSeenBy(commentFrom(rows[i]), viewerId, false));
        }
        if (rows.size() > static_cast<std::size_t>(pageSize)) {
            const Comment& last = page.comments.back();
            page.next = PostCursor{fromTimestamp(last.created_at()), last.id()};
        }
        return page;
    });
}

Result<Comment> CommentStore::get(const std::string& id, const std::string& viewerId, bool moderator) {
    return m_db.read([&](Tx& tx) -> Result<Comment> {
        const Error notFound = makeError(ErrorCode::NotFound, "comment_id: no such comment");
        DEVCOLL_TRY(auto comment, read(tx, id));
        if (!comment) return notFound;
        if (!moderator && !m_posts.visible(tx, comment->post_id(), viewerId).ok()) return notFound;
        return asSeenBy(std::move(*comment), viewerId, moderator);
    });
}

Status CommentStore::setHidden(Tx& tx, const events::v1::CommentModerated& change, bool hidden,
                               const std::string& requestId) {
    const std::string& id = change.comment_id();
    DEVCOLL_TRY(auto changed,
                hidden ? tx.run("hide_comment", {id, nowMicros(), change.reason()}) : tx.run("unhide_comment", {id}));
    if (changed.affected == 0) return {};  // deleted meanwhile, or already so
    DEVCOLL_TRY(auto comment, read(tx, id));
    if (hidden) return publishGone(tx, *comment, true, requestId);
    // Shown again: replicas get it back as if it were new. (Its author may no longer see the
    // post: the event needs only who wrote it.)
    DEVCOLL_TRY(const std::string postAuthor, m_posts.authorOf(tx, comment->post_id()));
    return publishCreated(tx, *comment, postAuthor, requestId);
}

Status CommentStore::removeByModerator(Tx& tx, const events::v1::CommentModerated& removal,
                                       const std::string& requestId) {
    DEVCOLL_TRY(auto marked, tx.run("mark_comment_removed", {removal.comment_id(), nowMicros(), removal.reason()}));
    if (marked.affected == 0) return {};  // deleted already
    DEVCOLL_TRY(auto comment, read(tx, removal.comment_id()));
    return tombstone(tx, *comment, requestId);
}

Status CommentStore::publishCreated(Tx& tx, const Comment& comment, const std::string& postAuthorId,
                                    const std::string& requestId) {
    auto event = events::newEnvelope(events::v1::EVENT_TYPE_COMMENT_CREATED, comment.id(), 1, "post");
    event.set_request_id(requestId);
    auto* payload = event.mutable_comment_created();
    payload->set_comment_id(comment.id());
    payload->set_post_id(comment.post_id());
    payload->set_author_id(comment.author_id());
    payload->set_post_author_id(postAuthorId);
    payload->set_parent_comment_id(comment.parent_comment_id());
    payload->set_body(comment.body());
    *payload->mutable_created_at() = comment.created_at();
    return events::appendToOutbox(tx, event, &m_relay);
}

Status CommentStore::publishGone(Tx& tx, const Comment& comment, bool hidden, const std::string& requestId) {
    auto event = events::newEnvelope(events::v1::EVENT_TYPE_COMMENT_DELETED, comment.id(), 2, "post");
    event.set_request_id(requestId);
    auto* payload = event.mutable_comment_deleted();
    payload->set_comment_id(comment.id());
    payload->set_post_id(comment.post_id());
    payload->set_author_id(comment.author_id());
    payload->set_hidden(hidden);
    return events::appendToOutbox(tx, event, &m_relay);
}

Status CommentStore::tombstone(Tx& tx, const Comment& comment, const std::string& requestId) {
    DEVCOLL_TRY(auto deleted, tx.run("delete_comment", {comment.id(), nowMicros()}));
    if (deleted.affected == 0) return {};
    DEVCOLL_CHECK(tx.run("add_to_comment_count", {comment.post_id(), std::int64_t{-1}}));
    return publishGone(tx, comment, false, requestId);
}

Status CommentStore::remove(const std::string& id, const std::string& callerId, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Status {
        const Error notFound = makeError(ErrorCode::NotFound, "comment_id: no such comment");
        DEVCOLL_TRY(auto comment, read(tx, id));
        if (!comment) return notFound;
        auto post = m_posts.visible(tx, comment->post_id(), callerId);
        if (!post.ok()) return notFound;  // a comment on a post the caller may not see
        if (comment->author_id() != callerId && post->author_id() != callerId) {
            return makeError(ErrorCode::PermissionDenied,
                             "comment_id: only its author or the post's author can delete a comment");
        }
        if (comment->deleted()) return {};  // idempotent
        return tombstone(tx, *comment, requestId);
    });
}

Status CommentStore::removeUser(Tx& tx, const std::string& userId, const std::string& requestId) {
    DEVCOLL_TRY(auto rows, tx.run("live_comments_of_author", {userId}));
    for (const Row& r : rows) {
        DEVCOLL_TRY(auto comment, read(tx, r.text(0)));
        if (comment) DEVCOLL_CHECK(tombstone(tx, *comment, requestId));
    }
    return {};
}

}  // namespace devcoll::post
