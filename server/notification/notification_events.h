#pragma once
// Whom the notification service notifies of what, from the events it consumes besides
// suspensions: follows, likes, comments and replies, and mentions in posts and comments (parsed
// here, when the text is written or edited, and only for people who may see the post). It also
// keeps the copies of profiles, follows, posts and comments those decisions need, and withdraws
// notifications whose post, comment or actor is deleted.
#include "notification/notification_store.h"
#include "platform/events/event_consumer.h"

namespace devcoll::notification {

void registerNotificationEventHandlers(events::EventConsumer& consumer, NotificationStore& store);

}  // namespace devcoll::notification
