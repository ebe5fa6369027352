#pragma once
// `devcoll-server health`: asks a running server whether it serves (grpc.health.v1), for
// scripts, systemd and load balancers. Needs no key: health is open to anyone.
#include "platform/config.h"

namespace devcoll {

// Exit code 0 when the server (or the named service) reports SERVING, 1 otherwise.
int runHealth(const OperatorCommand& command, const std::string& service, std::chrono::seconds wait);

}  // namespace devcoll
