#include "moderation/moderation_events.h"

#include "platform/clock.h"

namespace devcoll::moderation {

void registerModerationEventHandlers(events::EventConsumer& consumer, ModerationStore& store) {
    consumer.on(events::v1::EVENT_TYPE_USER_ROLES_CHANGED, [&store](storage::Tx& tx, const events::Envelope& e) {
        return store.applyRoles(tx, e.user_roles_changed(), fromTimestamp(e.occurred_at()));
    });
}

}  // namespace devcoll::moderation
