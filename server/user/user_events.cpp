#include "user/user_events.h"

namespace devcoll::user {

void registerUserEventHandlers(events::EventConsumer& consumer, UserStore& store) {
    consumer.on(events::v1::EVENT_TYPE_USER_REGISTERED, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.createFromRegistration(tx, e.user_registered(), e.request_id());
    });
}

}  // namespace devcoll::user
