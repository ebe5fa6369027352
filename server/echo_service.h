#pragma once
// EchoService: the benchmarks' baseline. It answers on the completion thread, with no worker
// hop, no token check and no database, so a ratio against it shows what the real work costs.
#include "devcoll/bench/v1/echo.grpc.pb.h"

namespace devcoll {

class EchoService final : public devcoll::bench::v1::EchoService::CallbackService {
public:
    grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* ctx, const devcoll::bench::v1::EchoRequest* request,
                                   devcoll::bench::v1::EchoResponse* response) override;
};

}  // namespace devcoll
