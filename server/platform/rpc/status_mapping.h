#pragma once
// The one place where devcoll's errors become gRPC statuses.
#include <grpcpp/grpcpp.h>

#include "devcoll/result.h"

namespace devcoll::rpc {

grpc::StatusCode toGrpcCode(ErrorCode code);

// Converts `error` to a status; its details go to trailing metadata ("devcoll-<key>") so a
// client can act on them (e.g. devcoll-current-version, devcoll-retry-after-seconds).
// Internal errors get a generic message: the detail is logged with the request id instead.
grpc::Status toGrpcStatus(const Error& error, grpc::ServerContextBase* context, const std::string& requestId);

}  // namespace devcoll::rpc
