#pragma once
// What a notification says, in the user's language: "Ada and 12 others liked your post". The
// list shows it, and so does the desktop notification.
#include <QString>

#include "devcoll/notification/v1/notification.pb.h"

namespace devcoll::app {

// The sentence: who (the newest person by name, and how many others) did what.
QString notificationSentence(const notification::v1::Notification& n);

// A desktop notification's title for `count` notifications beyond those shown one by one.
QString moreNotificationsText(int count);

}  // namespace devcoll::app
