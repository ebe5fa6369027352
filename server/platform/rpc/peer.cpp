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

}  // namespace devcoll::rpc
