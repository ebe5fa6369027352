#pragma once
// A client context for one call from the app: a deadline, so that a lost server never hangs the
// worker thread that waits, and the account's access token when there is one.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace devcoll::app {

std::unique_ptr<grpc::ClientContext> callContext(const std::string& accessToken, std::chrono::milliseconds timeout);

}  // namespace devcoll::app
