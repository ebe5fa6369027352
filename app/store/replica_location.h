#pragma once
// Where each account's replica lives: <AppDataLocation>/replicas/<server>/<account id>.sqlite.
// One file per server and account, so that signing in to another account or server never mixes
// two replicas, and signing back in finds the old one with its unsent actions.
#include <QString>

#include "devcoll/result.h"
#include "server_address.h"

namespace devcoll::app {

// The replica's file path, its folder made; InvalidArgument for an account id that is not a
// UUID (it becomes a file name), Unavailable when the folder cannot be made.
Result<QString> replicaPath(const ServerAddress& server, const QString& accountId);

// Deletes an account's replica (its SQLite file with the write-ahead log and shared memory
// files): "Sign Out and Remove Local Data". The replica must be closed. Unavailable names a file
// that could not be deleted.
Status removeReplica(const ServerAddress& server, const QString& accountId);

}  // namespace devcoll::app
