#include "store/replica_state.h"

namespace devcoll::app {
namespace {

QString nameOf(StateKey key) {
    switch (key) {
        case StateKey::Cursor:
            return QStringLiteral("cursor");
        case StateKey::AccountId:
            return QStringLiteral("account");
        case StateKey::Roles:
            return QStringLiteral("roles");
        case StateKey::NotificationsAlertedUpTo:
            return QStringLiteral("notifications_alerted_up_to");
    }
    return {};
}

}  // namespace

Result<std::optional<QString>> stateOf(ReplicaDatabase& db, StateKey key) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT value FROM sync_state WHERE key = ?"), {nameOf(key)}));
    if (rows.isEmpty()) return std::optional<QString>();
    return std::optional<QString>(rows.first().value(0).toString());
}

Status setState(ReplicaDatabase& db, StateKey key, const QString& value) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                                         "UPDATE SET value = excluded.value"),
                          {nameOf(key), value}));
    return {};
}

}  // namespace devcoll::app
