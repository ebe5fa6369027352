#pragma once
// How the app reads a failed gRPC call: the one mapping from grpc::Status to devcoll's Error,
// with the server's `devcoll-*` trailers (reason, current version, retry hint) as details.
#include <grpcpp/grpcpp.h>

#include "devcoll/result.h"

namespace devcoll::app {

// `context`, when given, is the finished call's (its trailers become the error's details).
Error errorOf(const grpc::Status& status, const grpc::ClientContext* context = nullptr);

}  // namespace devcoll::app
