#include "net/call_context.h"

namespace devcoll::app {

std::unique_ptr<grpc::ClientContext> callContext(const std::string& accessToken, std::chrono::milliseconds timeout) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + timeout);
    if (!accessToken.empty()) context->AddMetadata("authorization", "Bearer " + accessToken);
    return context;
}

}  // namespace devcoll::app
