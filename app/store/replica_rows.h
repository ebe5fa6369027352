#pragma once
// Rows of the replica as the user's actions need them: a post or profile as a change that would
// put it back (what an action undoes to), a profile edit shown in the replica, and the small
// conversions the action code shares (store/pending_actions.cpp, store/action_answers.cpp).
#include <QByteArray>
#include <QString>

#include <optional>

#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "store/replica_database.h"

namespace devcoll::app {

qint64 nowMicros();
QByteArray bytesOf(const google::protobuf::Message& message);
// The post or profile as the replica holds it; nothing when it does not.
Result<std::optional<sync::v1::Change>> postBefore(ReplicaDatabase& db, const QString& id);
Result<std::optional<sync::v1::Change>> profileBefore(ReplicaDatabase& db, const QString& id);
// Shows a profile edit in the replica (the request's masked fields over `base`), pending.
Status showProfileEdit(ReplicaDatabase& db, const user::v1::UpdateProfileRequest& request,
                       const user::v1::UserProfile& base);

}  // namespace devcoll::app
