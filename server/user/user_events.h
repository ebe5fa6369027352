#pragma once
// The events the user service consumes: USER_REGISTERED creates the profile.
#include "platform/events/event_consumer.h"
#include "user/user_store.h"

namespace devcoll::user {

void registerUserEventHandlers(events::EventConsumer& consumer, UserStore& store);

}  // namespace devcoll::user
