#pragma once
// The account's notifications in the replica: how the sync stream's NOTIFICATION and
// NOTIFICATION_STATE changes land, what the notifications view reads, marking them read (an
// action queued like any other, so it works offline), and which ones the desktop is told of.
#include <QList>
#include <QString>

#include <map>

#include "devcoll/notification/v1/notification.pb.h"
#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

namespace nv1 = devcoll::notification::v1;

struct NotificationRow final {
    nv1::Notification notification;
    bool unread = false;
};

// The unread count, the read mark and how each kind is delivered (a kind not named: in the
// app and on the desktop).
struct NotificationSummary final {
    int unreadCount = 0;
    qint64 readUpTo = 0;
    qint64 latestSequence = 0;
    std::map<int, nv1::Delivery> deliveries;

    nv1::Delivery deliveryOf(nv1::NotificationKind kind) const;
};

// What the desktop should show after new notifications arrived: the newest few one by one,
// and how many more came at once (shown as a count).
struct DesktopAlerts final {
    QList<nv1::Notification> shown;
    int more = 0;
};

// Sync changes, inside the caller's transaction (replica_changes.cpp).
Status upsertNotification(ReplicaDatabase& db, const nv1::Notification& n, qint64 version);
Status upsertNotificationState(ReplicaDatabase& db, const std::string& userId, const nv1::NotificationState& s,
                               qint64 version);

// The newest `limit` notifications, newest activity first.
Result<QList<NotificationRow>> readNotifications(ReplicaDatabase& db, int limit);
Result<NotificationSummary> readNotificationSummary(ReplicaDatabase& db);

// Marks every notification up to `upTo` read here at once, and queues the same for the
// server. Nothing to do (already read that far) queues nothing.
Status markNotificationsRead(ReplicaDatabase& db, const QString& accountId, qint64 upTo);

// Sets how the kinds in `deliveries` reach the user, here at once and on the server when it
// can be reached (an action queued like any other). Kinds not named keep theirs.
Status setNotificationPreferences(ReplicaDatabase& db, const QString& accountId,
                                  const std::map<int, nv1::Delivery>& deliveries);

// The unread notifications that arrived since the last call, of kinds delivered to the desktop:
// at most `most` to show (newest first) and the count of the rest. The first call on a replica
// (a new device's first download) shows nothing: it only notes where the desktop stands.
Result<DesktopAlerts> takeDesktopAlerts(ReplicaDatabase& db, int most);

}  // namespace devcoll::app
