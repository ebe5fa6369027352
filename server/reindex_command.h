#pragma once
// `devcoll-server reindex`: asks a running server to rebuild its search index and prints the
// progress as it comes.
#include "platform/config.h"

namespace devcoll {

// Signs a short-lived operator token with the deployment's key (so it needs the server's keys
// dir), calls SearchService.Reindex and prints its progress. Returns the process exit code.
int runReindex(const Config& config, const OperatorCommand& command);

}  // namespace devcoll
