#include "store/replica_notifications.h"

#include <google/protobuf/util/time_util.h>

#include "devcoll/notification/v1/notification.pb.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "store/pending_actions.h"
#include "store/replica_rows.h"
#include "store/replica_state.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
using google::protobuf::util::TimeUtil;

Result<nv1::Notification> notificationFrom(const QVariant& payload) {
    nv1::Notification n;
    const QByteArray bytes = payload.toByteArray();
    if (!n.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) {
        return makeError(ErrorCode::Internal, "a stored notification cannot be read");
    }
    return n;
}

// The state row as a change that puts it back (what a mark-read undoes to).
Result<sv1::Change> stateBefore(ReplicaDatabase& db, const QString& accountId) {
    sv1::Change before;
    before.set_kind(sv1::ENTITY_KIND_NOTIFICATION_STATE);
    before.set_entity_id(accountId.toStdString());
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT unread_count, read_up_to, latest_sequence, preferences, "
                                                    "version FROM notification_state WHERE user_id = ?"),
                                     {accountId}));
    if (rows.isEmpty()) {
        before.set_tombstone(true);
        return before;
    }
    const QVariantList& r = rows.first();
    nv1::NotificationState* state = before.mutable_notification_state();
    const QByteArray prefs = r[3].toByteArray();
    if (!state->ParseFromArray(prefs.constData(), static_cast<int>(prefs.size()))) {
        return makeError(ErrorCode::Internal, "stored notification preferences cannot be read");
    }
    state->set_unread_count(r[0].toInt());
    state->set_read_up_to(r[1].toLongLong());
    state->set_latest_sequence(r[2].toLongLong());
    before.set_version(r[4].toLongLong());
    return before;
}

}  // namespace

nv1::Delivery NotificationSummary::deliveryOf(nv1::NotificationKind kind) const {
    const auto it = deliveries.find(kind);
    if (it == deliveries.end() || it->second == nv1::DELIVERY_UNSPECIFIED) return nv1::DELIVERY_IN_APP_AND_DESKTOP;
    return it->second;
}

Status upsertNotification(ReplicaDatabase& db, const nv1::Notification& n, qint64 version) {
    DEVCOLL_CHECK(
        db.exec(QStringLiteral("INSERT INTO notifications (id, kind, sequence, updated_at, payload, version, "
                               "pending) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET kind = "
                               "excluded.kind, sequence = excluded.sequence, updated_at = "
                               "excluded.updated_at, payload = excluded.payload, version = excluded.version "
                               "WHERE excluded.version > notifications.version"),
                {QString::fromStdString(n.id()), static_cast<int>(n.kind()), static_cast<qint64>(n.sequence()),
                 static_cast<qint64>(TimeUtil::TimestampToMicroseconds(n.update_time())), bytesOf(n), version}));
    return {};
}

Status upsertNotificationState(ReplicaDatabase& db, const std::string& userId, const nv1::NotificationState& s,
                               qint64 version) {
    nv1::NotificationState preferences;
    *preferences.mutable_preferences() = s.preferences();
    DEVCOLL_CHECK(db.exec(
        QStringLiteral("INSERT INTO notification_state (user_id, unread_count, read_up_to, latest_sequence, "
                       "preferences, version, pending) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (user_id) DO UPDATE "
                       "SET unread_count = excluded.unread_count, read_up_to = excluded.read_up_to, latest_sequence = "
                       "excluded.latest_sequence, preferences = excluded.preferences, version = excluded.version, "
                       "pending = 0 WHERE excluded.version > notification_state.version OR notification_state.pending "
                       "= 1"),
        {QString::fromStdString(userId), s.unread_count(), static_cast<qint64>(s.read_up_to()),
         static_cast<qint64>(s.latest_sequence()), bytesOf(preferences), version}));
    return {};
}

Result<NotificationSummary> readNotificationSummary(ReplicaDatabase& db) {
    NotificationSummary summary;
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT read_up_to, latest_sequence, preferences FROM notification_state "
                                         "LIMIT 1")));
    if (rows.isEmpty()) return summary;
    const QVariantList& r = rows.first();
    summary.readUpTo = r[0].toLongLong();
    // Counted here rather than taken from the server's state: while a read mark waits to be
    // sent the stream's states are held back, but the notifications themselves still arrive.
    DEVCOLL_TRY(auto unread,
                db.select(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE sequence > ?"), {summary.readUpTo}));
    summary.unreadCount = unread.first()[0].toInt();
    summary.latestSequence = r[1].toLongLong();
    nv1::NotificationState preferences;
    const QByteArray bytes = r[2].toByteArray();
    if (preferences.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) {
        for (const auto& p : preferences.preferences()) summary.deliveries[p.kind()] = p.delivery();
    }
    return summary;
}

Result<QList<NotificationRow>> readNotifications(ReplicaDatabase& db, int limit) {
    DEVCOLL_TRY(auto mark, db.select(QStringLiteral("SELECT read_up_to FROM notification_state LIMIT 1")));
    const qint64 readUpTo = mark.isEmpty() ? 0 : mark.first()[0].toLongLong();
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT payload, sequence FROM notifications ORDER BY sequence "
                                                    "DESC LIMIT ?"),
                                     {limit}));
    QList<NotificationRow> out;
    out.reserve(rows.size());
    for (const QVariantList& r : rows) {
        DEVCOLL_TRY(auto n, notificationFrom(r[0]));
        out.append(NotificationRow{std::move(n), r[1].toLongLong() > readUpTo});
    }
    return out;
}

Status markNotificationsRead(ReplicaDatabase& db, const QString& accountId, qint64 upTo) {
    if (upTo < 1) return invalidArgument("up_to", "must be the sequence of a notification (at least 1)");
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(sv1::Change before, stateBefore(db, accountId));
        const qint64 readUpTo = before.tombstone() ? 0 : before.notification_state().read_up_to();
        if (upTo <= readUpTo) return {};  // already read that far
        // The unread count follows from the mark (readNotificationSummary counts it here).
        DEVCOLL_CHECK(db.exec(
            QStringLiteral("INSERT INTO notification_state (user_id, unread_count, read_up_to, latest_sequence, "
                           "preferences, version, pending) VALUES (?, 0, ?, ?, ?, 0, 1) ON CONFLICT (user_id) DO "
                           "UPDATE SET read_up_to = excluded.read_up_to, pending = 1"),
            {accountId, upTo, upTo, bytesOf(nv1::NotificationState())}));
        nv1::MarkNotificationsReadRequest request;
        request.set_up_to(upTo);
        return enqueueAction(db, ActionKind::MarkNotificationsRead, sv1::ENTITY_KIND_NOTIFICATION_STATE, accountId,
                             request, before);
    });
}

Status setNotificationPreferences(ReplicaDatabase& db, const QString& accountId,
                                  const std::map<int, nv1::Delivery>& deliveries) {
    nv1::UpdateNotificationPreferencesRequest request;
    for (const auto& [kind, delivery] : deliveries) {
        if (kind <= nv1::NOTIFICATION_KIND_UNSPECIFIED || !nv1::NotificationKind_IsValid(kind)) {
            return invalidArgument("preferences", "unknown notification kind");
        }
        if (delivery <= nv1::DELIVERY_UNSPECIFIED || !nv1::Delivery_IsValid(delivery)) {
            return invalidArgument("preferences", "unknown delivery");
        }
        auto* p = request.add_preferences();
        p->set_kind(static_cast<nv1::NotificationKind>(kind));
        p->set_delivery(delivery);
    }
    if (request.preferences().empty()) return {};
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(sv1::Change before, stateBefore(db, accountId));
        DEVCOLL_TRY(NotificationSummary summary, readNotificationSummary(db));
        for (const auto& [kind, delivery] : deliveries) summary.deliveries[kind] = delivery;
        nv1::NotificationState preferences;
        for (const auto& [kind, delivery] : summary.deliveries) {
            auto* p = preferences.add_preferences();
            p->set_kind(static_cast<nv1::NotificationKind>(kind));
            p->set_delivery(delivery);
        }
        DEVCOLL_CHECK(db.exec(
            QStringLiteral("INSERT INTO notification_state (user_id, unread_count, read_up_to, latest_sequence, "
                           "preferences, version, pending) VALUES (?, 0, 0, 0, ?, 0, 1) ON CONFLICT (user_id) DO "
                           "UPDATE SET preferences = excluded.preferences, pending = 1"),
            {accountId, bytesOf(preferences)}));
        return enqueueAction(db, ActionKind::UpdateNotificationPreferences, sv1::ENTITY_KIND_NOTIFICATION_STATE,
                             accountId, request, before);
    });
}

Result<DesktopAlerts> takeDesktopAlerts(ReplicaDatabase& db, int most) {
    DesktopAlerts alerts;
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_TRY(const NotificationSummary summary, readNotificationSummary(db));
        DEVCOLL_TRY(auto latest, db.select(QStringLiteral("SELECT COALESCE(MAX(sequence), 0) FROM notifications")));
        const qint64 newest = latest.first()[0].toLongLong();
        DEVCOLL_TRY(auto mark, stateOf(db, StateKey::NotificationsAlertedUpTo));
        if (!mark) {
            // Before the first download has finished there is nothing to note yet: the mark is
            // set once the replica holds what the server had, so that none of it pops up.
            DEVCOLL_TRY(auto cursor, stateOf(db, StateKey::Cursor));
            if (!cursor || cursor->isEmpty()) return {};
            return setState(db, StateKey::NotificationsAlertedUpTo, QString::number(newest));
        }
        const qint64 alertedUpTo = mark->toLongLong();
        if (newest <= alertedUpTo) return {};
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT payload FROM notifications WHERE sequence > ? AND "
                                                        "sequence > ? ORDER BY sequence DESC"),
                                         {alertedUpTo, summary.readUpTo}));
        for (const QVariantList& r : rows) {
            DEVCOLL_TRY(auto n, notificationFrom(r[0]));
            if (summary.deliveryOf(n.kind()) != nv1::DELIVERY_IN_APP_AND_DESKTOP) continue;
            if (alerts.shown.size() < most) {
                alerts.shown.append(std::move(n));
            } else {
                ++alerts.more;
            }
        }
        return setState(db, StateKey::NotificationsAlertedUpTo, QString::number(newest));
    }));
    return alerts;
}

}  // namespace devcoll::app
