#include "platform/rpc/peer.h"

namespace devcoll::rpc {

std::unique_ptr<grpc::ClientContext> onBehalfOf(grpc::CallbackServerContext* ctx, const std::string& requestId) {
    auto client = std::make_unique<grpc::ClientContext>();
    client->set_deadline(std::min(ctx->deadline(), std::chrono::system_clock::now() + kPeerDeadline));
    const auto& md = ctx->client_metadata();
    if (auto it = md.find("authorization"); it != md.end()) {
        client->AddMetadata("authorization", std::string(it->second.data(), it->second.size()));
    }
    if (!requestId.empty()) client->AddMetadata("x-request-id", requestId);
    return client;
}

Error peerError(std::string_view peer, const grpc::Status& status) {
    const std::string message = std::string(peer) + ": " + status.error_message();
    switch (status.error_code()) {
        case grpc::StatusCode::UNAUTHENTICATED:
            return makeError(ErrorCode::Unauthenticated, message);
        case grpc::StatusCode::PERMISSION_DENIED:
            return makeError(ErrorCode::PermissionDenied, message);
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return makeError(ErrorCode::DeadlineExceeded, message);
        case grpc::StatusCode::CANCELLED:
            return makeError(ErrorCode::Aborted, message);
        default:
            return makeError(ErrorCode::Unavailable, message + "; retry later");
    }
}

}  // namespace devcoll::rpc
