#pragma once
// What the moderation service consumes besides suspensions (which every service follows):
// USER_ROLES_CHANGED, so that it knows who is a moderator or an admin without asking auth.
#include "moderation/moderation_store.h"
#include "platform/events/event_consumer.h"

namespace devcoll::moderation {

void registerModerationEventHandlers(events::EventConsumer& consumer, ModerationStore& store);

}  // namespace devcoll::moderation
