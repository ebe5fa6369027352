#include "sync/sync_events.h"

#include "platform/clock.h"

namespace devcoll::sync {

void registerSyncEventHandlers(events::EventConsumer& consumer, SyncStore& s) {
    using events::Envelope;
    using events::v1::EventType;
    using storage::Tx;
    auto at = [](const Envelope& e) { return fromTimestamp(e.occurred_at()); };
    consumer.on(EventType::EVENT_TYPE_USER_CREATED,
                [&s, at](Tx& tx, const Envelope& e) { return s.profileChanged(tx, e.user_created(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_USER_UPDATED,
                [&s, at](Tx& tx, const Envelope& e) { return s.profileChanged(tx, e.user_updated(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_USER_DELETED,
                [&s, at](Tx& tx, const Envelope& e) { return s.userDeleted(tx, e.user_deleted().user_id(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_USER_FOLLOWED,
                [&s, at](Tx& tx, const Envelope& e) { return s.followChanged(tx, e.user_followed(), true, at(e)); });
    consumer.on(EventType::EVENT_TYPE_USER_UNFOLLOWED,
                [&s, at](Tx& tx, const Envelope& e) { return s.followChanged(tx, e.user_unfollowed(), false, at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_CREATED,
                [&s, at](Tx& tx, const Envelope& e) { return s.postChanged(tx, e.post_created(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_UPDATED,
                [&s, at](Tx& tx, const Envelope& e) { return s.postChanged(tx, e.post_updated(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_DELETED,
                [&s, at](Tx& tx, const Envelope& e) { return s.postDeleted(tx, e.post_deleted(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_LIKED,
                [&s, at](Tx& tx, const Envelope& e) { return s.likeChanged(tx, e.post_liked(), true, at(e)); });
    consumer.on(EventType::EVENT_TYPE_POST_UNLIKED,
                [&s, at](Tx& tx, const Envelope& e) { return s.likeChanged(tx, e.post_unliked(), false, at(e)); });
    consumer.on(EventType::EVENT_TYPE_COMMENT_CREATED,
                [&s, at](Tx& tx, const Envelope& e) { return s.commentCreated(tx, e.comment_created(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_COMMENT_DELETED,
                [&s, at](Tx& tx, const Envelope& e) { return s.commentDeleted(tx, e.comment_deleted(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_MEDIA_UPLOADED,
                [&s, at](Tx& tx, const Envelope& e) { return s.mediaUploaded(tx, e.media_uploaded(), at(e)); });
    consumer.on(EventType::EVENT_TYPE_NOTIFICATIONS_CHANGED, [&s, at](Tx& tx, const Envelope& e) {
        return s.notificationsChanged(tx, e.notifications_changed(), e.aggregate_version(), at(e));
    });
    consumer.on(EventType::EVENT_TYPE_MEDIA_DELETED,
                [&s, at](Tx& tx, const Envelope& e) { return s.mediaDeleted(tx, e.media_deleted(), at(e)); });
}

}  // namespace devcoll::sync
