#pragma once
// The sync service's event consumers: every event that changes what some replica shows.
#include "platform/events/event_consumer.h"
#include "sync/sync_store.h"

namespace devcoll::sync {

void registerSyncEventHandlers(events::EventConsumer& consumer, SyncStore& store);

}  // namespace devcoll::sync
