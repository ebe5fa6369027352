#include "search/search_events.h"

namespace devcoll::search {

void registerSearchEventHandlers(events::EventConsumer& consumer, SearchStore& store) {
    using events::v1::EventType;
    using storage::Tx;
    consumer.on(EventType::EVENT_TYPE_USER_CREATED,
                [&store](Tx& tx, const events::Envelope& e) { return store.indexUser(tx, e.user_created()); });
    consumer.on(EventType::EVENT_TYPE_USER_UPDATED,
                [&store](Tx& tx, const events::Envelope& e) { return store.indexUser(tx, e.user_updated()); });
    consumer.on(EventType::EVENT_TYPE_USER_DELETED, [&store](Tx& tx, const events::Envelope& e) {
        return store.removeUser(tx, e.user_deleted().user_id());
    });
    consumer.on(EventType::EVENT_TYPE_POST_CREATED,
                [&store](Tx& tx, const events::Envelope& e) { return store.indexPost(tx, e.post_created()); });
    consumer.on(EventType::EVENT_TYPE_POST_UPDATED,
                [&store](Tx& tx, const events::Envelope& e) { return store.indexPost(tx, e.post_updated()); });
    consumer.on(EventType::EVENT_TYPE_POST_DELETED, [&store](Tx& tx, const events::Envelope& e) {
        return store.removePost(tx, e.post_deleted().post_id());
    });
    consumer.on(EventType::EVENT_TYPE_USER_FOLLOWED,
                [&store](Tx& tx, const events::Envelope& e) { return store.applyFollow(tx, e.user_followed(), true); });
    consumer.on(EventType::EVENT_TYPE_USER_UNFOLLOWED, [&store](Tx& tx, const events::Envelope& e) {
        return store.applyFollow(tx, e.user_unfollowed(), false);
    });
}

}  // namespace devcoll::search
