#pragma once
// `devcoll-server sync-status`: prints a running server's sync status for operators.
#include "platform/config.h"

namespace devcoll {

// Calls SyncService.GetSyncStatus as an operator (see operator_session.h) and prints the
// answer. Returns the process exit code.
int runSyncStatus(const Config& config, const OperatorCommand& command);

}  // namespace devcoll
