#pragma once
// The events that feed search's index: profiles and posts as they are after each change,
// their deletions, and follows (for the visibility of followers-only posts).
#include "platform/events/event_consumer.h"
#include "search/search_store.h"

namespace devcoll::search {

void registerSearchEventHandlers(events::EventConsumer& consumer, SearchStore& store);

}  // namespace devcoll::search
