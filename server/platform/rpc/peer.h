#pragma once
// How one service calls another through its gRPC contract: in the embedded default through
// the server's in-process channel, in scale-out through --peer. The channel is opened on first
// use (the in-process one exists only once the server has started), and calls carry the
// original caller's token and request id, with a deadline.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "devcoll/result.h"

namespace devcoll::rpc {

using ChannelProvider = std::function<std::shared_ptr<grpc::ChannelInterface>()>;

inline constexpr auto kPeerDeadline = std::chrono::seconds(5);

// A client context for a call made on behalf of the caller of `ctx`.
std::unique_ptr<grpc::ClientContext> onBehalfOf(grpc::CallbackServerContext* ctx, const std::string& requestId);

// A failed call to `peer` ("user service") as our caller should see it: their credentials'
// verdicts and deadlines pass through; anything else means the peer cannot serve now.
Error peerError(std::string_view peer, const grpc::Status& status);

}  // namespace devcoll::rpc
