#include "post/post_events.h"

#include "platform/events/suspension_feed.h"

namespace devcoll::post {

void registerPostEventHandlers(events::EventConsumer& consumer, PostStore& store, CommentStore& comments,
                               security::Suspensions& suspensions) {
    // Replaces the plain suspension handlers every service registers: the post service also
    // hides the account's posts while it is suspended.
    events::followSuspensions(consumer, suspensions,
                              [&store](storage::Tx& tx, const events::v1::SuspensionChanged& change, bool suspended) {
                                  return store.applySuspension(tx, change, suspended);
                              });
    consumer.on(events::v1::EVENT_TYPE_COMMENT_HIDDEN, [&comments](storage::Tx& tx, const events::Envelope& e) {
        return comments.setHidden(tx, e.comment_hidden(), true, e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_COMMENT_UNHIDDEN, [&comments](storage::Tx& tx, const events::Envelope& e) {
        return comments.setHidden(tx, e.comment_unhidden(), false, e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_COMMENT_REMOVED, [&comments](storage::Tx& tx, const events::Envelope& e) {
        return comments.removeByModerator(tx, e.comment_removed(), e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_POST_REMOVED, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.removeByModerator(tx, e.post_removed(), e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_USER_FOLLOWED, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.applyFollow(tx, e.user_followed(), true);
    });
    consumer.on(events::v1::EVENT_TYPE_USER_UNFOLLOWED, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.applyFollow(tx, e.user_unfollowed(), false);
    });
    consumer.on(events::v1::EVENT_TYPE_POST_HIDDEN, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.setHidden(tx, e.post_hidden().post_id(), true, e.post_hidden().reason(), e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_POST_UNHIDDEN, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.setHidden(tx, e.post_unhidden().post_id(), false, "", e.request_id());
    });
    consumer.on(events::v1::EVENT_TYPE_USER_DELETED,
                [&store, &comments](storage::Tx& tx, const events::Envelope& e) -> Status {
                    DEVCOLL_CHECK(comments.removeUser(tx, e.user_deleted().user_id(), e.request_id()));
                    return store.removeUser(tx, e.user_deleted().user_id(), e.request_id());
                });
}

}  // namespace devcoll::post
