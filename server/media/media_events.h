#pragma once
// The events the media service consumes: a deleted account takes all its media; a post's
// and a profile's media ids are recorded as uses, so that deleting a post takes the media
// only it used.
#include <functional>

#include "media/media_store.h"
#include "platform/events/event_consumer.h"

namespace devcoll::media {

// `afterRelease` runs after a transaction that released media (to wake the janitor);
// `removePartial` drops an upload's partial file after its row went.
void registerMediaEventHandlers(events::EventConsumer& consumer, MediaStore& store, std::function<void()> afterRelease,
                                std::function<void(const std::string&)> removePartial);

}  // namespace devcoll::media
