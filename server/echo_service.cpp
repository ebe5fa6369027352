#include "echo_service.h"

namespace devcoll {

grpc::ServerUnaryReactor* EchoService::Echo(grpc::CallbackServerContext* ctx,
                                            const devcoll::bench::v1::EchoRequest* request,
                                            devcoll::bench::v1::EchoResponse* response) {
    response->set_message(request->message());
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

}  // namespace devcoll
