#pragma once
// The events auth consumes: USER_DELETED removes the account's credentials and sessions.
#include "auth/auth_store.h"
#include "platform/events/event_consumer.h"

namespace devcoll::auth {

void registerAuthEventHandlers(events::EventConsumer& consumer, AuthStore& store);

}  // namespace devcoll::auth
