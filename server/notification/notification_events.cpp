#include "notification/notification_events.h"

#include <set>

#include "devcoll/mentions.h"
#include "devcoll/post/v1/post.pb.h"
#include "platform/clock.h"

namespace devcoll::notification {
namespace {

using events::Envelope;
using events::v1::EventType;
using storage::Tx;

// A text naming more people notifies only the first this many.
constexpr std::size_t kMaxMentions = 50;

// Whether `userId` may see `post`: as the post service decides for reads.
Result<bool> maySee(NotificationStore& store, Tx& tx, const std::string& userId, const std::optional<KnownPost>& post) {
    if (!post) return false;
    if (userId == post->authorId) return true;
    if (post->hidden) return false;
    if (post->visibility != devcoll::post::v1::VISIBILITY_FOLLOWERS) return true;
    return store.follows(tx, userId, post->authorId);
}

// Notifies those `text` mentions who may see `post` and are not in `skip` (already told of the
// same activity, or its author).
Status notifyMentioned(NotificationStore& store, Tx& tx, const std::string& text, const std::optional<KnownPost>& post,
                       Activity activity, const std::set<std::string>& skip) {
    for (const std::string& name : mentionedUsernames(text, kMaxMentions)) {
        DEVCOLL_TRY(auto userId, store.userNamed(tx, name));
        if (!userId || skip.contains(*userId)) continue;
        DEVCOLL_TRY(const bool visible, maySee(store, tx, *userId, post));
        if (!visible) continue;
        activity.recipientId = *userId;
        DEVCOLL_CHECK(store.notify(tx, activity));
    }
    return {};
}

Status postWritten(NotificationStore& store, Tx& tx, const events::v1::PostChanged& p, std::int64_t at) {
    const std::string excerpt = notificationExcerpt(p.body());
    DEVCOLL_CHECK(store.savePost(tx, p, excerpt));
    // Hidden by a moderator: those it mentioned can no longer see it.
    if (p.hidden()) return store.withdrawMentions(tx, p.post_id());
    DEVCOLL_TRY(auto post, store.post(tx, p.post_id()));
    Activity mention{
        {}, v1::NOTIFICATION_KIND_MENTION, p.post_id(), p.post_id(), p.post_id(), p.author_id(), p.post_id(), excerpt,
        at};
    // An edit notifies whoever it newly mentions; those mentioned before were notified then.
    return notifyMentioned(store, tx, p.body(), post, mention, {p.author_id()});
}

Status commentWritten(NotificationStore& store, Tx& tx, const events::v1::CommentChanged& c, std::int64_t at) {
    DEVCOLL_CHECK(store.saveComment(tx, c));
    const std::string excerpt = notificationExcerpt(c.body());
    DEVCOLL_TRY(auto post, store.post(tx, c.post_id()));
    // One notification per person per comment: a reply to Ann's comment on Ann's post is a
    // reply, not also a comment, and not also a mention (unless she turned replies off).
    std::set<std::string> told{c.author_id()};
    if (!c.parent_comment_id().empty()) {
        DEVCOLL_TRY(auto parentAuthor, store.commentAuthor(tx, c.parent_comment_id()));
        // Who wrote the parent may have lost sight of the post since (an unfollow).
        bool visible = false;
        if (parentAuthor) {
            DEVCOLL_TRY(visible, maySee(store, tx, *parentAuthor, post));
        }
        if (visible && !told.contains(*parentAuthor)) {
            DEVCOLL_TRY(const bool replied,
                        store.notify(tx, {*parentAuthor, v1::NOTIFICATION_KIND_REPLY, c.parent_comment_id(),
                                          c.comment_id(), c.post_id(), c.author_id(), c.comment_id(), excerpt, at}));
            if (replied) told.insert(*parentAuthor);
        }
    }
    if (!c.post_author_id().empty() && !told.contains(c.post_author_id())) {
        DEVCOLL_TRY(const bool commented,
                    store.notify(tx, {c.post_author_id(), v1::NOTIFICATION_KIND_COMMENT, c.post_id(), c.comment_id(),
                                      c.post_id(), c.author_id(), c.comment_id(), excerpt, at}));
        if (commented) told.insert(c.post_author_id());
    }
    Activity mention{{},
                     v1::NOTIFICATION_KIND_MENTION,
                     c.comment_id(),
                     c.comment_id(),
                     c.post_id(),
                     c.author_id(),
                     c.comment_id(),
                     excerpt,
                     at};
    return notifyMentioned(store, tx, c.body(), post, mention, told);
}

}  // namespace

void registerNotificationEventHandlers(events::EventConsumer& consumer, NotificationStore& s) {
    auto at = [](const Envelope& e) { return fromTimestamp(e.occurred_at()); };
    consumer.on(EventType::EVENT_TYPE_USER_CREATED,
                [&s](Tx& tx, const Envelope& e) { return s.saveProfile(tx, e.user_created()); });
    consumer.on(EventType::EVENT_TYPE_USER_UPDATED,
                [&s](Tx& tx, const Envelope& e) { return s.saveProfile(tx, e.user_updated()); });
    consumer.on(EventType::EVENT_TYPE_USER_DELETED,
                [&s](Tx& tx, const Envelope& e) { return s.forgetUser(tx, e.user_deleted().user_id()); });
    consumer.on(EventType::EVENT_TYPE_USER_FOLLOWED, [&s, at](Tx& tx, const Envelope& e) -> Status {
        const auto& f = e.user_followed();
        DEVCOLL_CHECK(s.saveFollow(tx, f, true));
        DEVCOLL_CHECK(
            s.notify(tx, {f.followee_id(), v1::NOTIFICATION_KIND_FOLLOW, "", "", "", f.follower_id(), "", "", at(e)}));
        return {};
    });
    consumer.on(EventType::EVENT_TYPE_USER_UNFOLLOWED,
                [&s](Tx& tx, const Envelope& e) { return s.saveFollow(tx, e.user_unfollowed(), false); });
    consumer.on(EventType::EVENT_TYPE_POST_CREATED,
                [&s, at](Tx& tx, const Envelope& e) { return postWritten(s, tx, e.post_created(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_UPDATED,
                [&s, at](Tx& tx, const Envelope& e) { return postWritten(s, tx, e.post_updated(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_DELETED, [&s](Tx& tx, const Envelope& e) -> Status {
        DEVCOLL_CHECK(s.withdrawPost(tx, e.post_deleted().post_id()));
        return s.forgetPost(tx, e.post_deleted().post_id());
    });
    consumer.on(EventType::EVENT_TYPE_POST_LIKED, [&s, at](Tx& tx, const Envelope& e) -> Status {
        const auto& l = e.post_liked();
        DEVCOLL_TRY(auto post, s.post(tx, l.post_id()));
        DEVCOLL_CHECK(s.notify(tx, {l.post_author_id(), v1::NOTIFICATION_KIND_LIKE, l.post_id(), l.post_id(),
                                    l.post_id(), l.user_id(), "", post ? post->excerpt : "", at(e)}));
        return {};
    });
    consumer.on(EventType::EVENT_TYPE_COMMENT_CREATED,
                [&s, at](Tx& tx, const Envelope& e) { return commentWritten(s, tx, e.comment_created(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_COMMENT_DELETED, [&s](Tx& tx, const Envelope& e) -> Status {
        const auto& c = e.comment_deleted();
        DEVCOLL_CHECK(s.withdrawSource(tx, c.comment_id()));
        // A hidden comment may be shown again (COMMENT_CREATED): replies to it still find it.
        if (c.hidden()) return {};
        return s.forgetComment(tx, c.comment_id());
    });
}

}  // namespace devcoll::notification
