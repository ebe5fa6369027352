#pragma once
// The replica's own facts (table sync_state): where its stream stands, whose it is.
#include <QString>

#include <optional>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

enum class StateKey {
    Cursor,                    // the position after the last applied change ("" before the first snapshot)
    AccountId,                 // the user whose replica this is
    Roles,                     // the account's roles as its last access token said (comma-separated), for offline use
    NotificationsAlertedUpTo,  // the newest notification sequence the desktop was told of
};

Result<std::optional<QString>> stateOf(ReplicaDatabase& db, StateKey key);
Status setState(ReplicaDatabase& db, StateKey key, const QString& value);

}  // namespace devcoll::app
