#include "auth/auth_events.h"

#include <spdlog/spdlog.h>

namespace devcoll::auth {

void registerAuthEventHandlers(events::EventConsumer& consumer, AuthStore& store) {
    consumer.on(events::v1::EVENT_TYPE_USER_DELETED, [&store](storage::Tx& tx, const events::Envelope& e) -> Status {
        spdlog::info("auth: removing credentials of deleted user {}", e.user_deleted().user_id());
        return store.deleteAccount(tx, e.user_deleted().user_id());
    });
}

}  // namespace devcoll::auth
