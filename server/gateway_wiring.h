#pragma once
// The HTTP gateway in front of this process's services (and of --peer ones in scale-out):
// its settings from the Config, and a gRPC channel for each service it routes to.
#include <grpcpp/grpcpp.h>

#include <memory>

#include "devcoll/result.h"
#include "gateway/http_gateway.h"
#include "platform/config.h"

namespace devcoll {

// Starts the gateway on config.http.listen. `server` is this process's gRPC server, listening
// on `port`; it and `config` outlive the gateway.
Result<std::unique_ptr<gateway::HttpGateway>> startGateway(const Config& config, grpc::Server& server, int port);

}  // namespace devcoll
