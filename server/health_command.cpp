#include "health_command.h"

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"

namespace devcoll {

int runHealth(const OperatorCommand& command, const std::string& service, std::chrono::seconds wait) {
    namespace hv1 = grpc::health::v1;
    const auto stub = hv1::Health::NewStub(grpc::CreateChannel(command.server, grpc::InsecureChannelCredentials()));
    const auto giveUp = std::chrono::steady_clock::now() + wait;
    const std::string what = service.empty() ? "server" : service;
    for (;;) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
        // With --wait, a server that is still starting is waited for rather than refused.
        context.set_wait_for_ready(wait.count() > 0);
        hv1::HealthCheckRequest request;
        request.set_service(service);
        hv1::HealthCheckResponse response;
        const grpc::Status status = stub->Check(&context, request, &response);
        if (status.ok() && response.status() == hv1::HealthCheckResponse::SERVING) {
            std::cout << what << " at " << command.server << ": SERVING\n";
            return 0;
        }
        if (std::chrono::steady_clock::now() >= giveUp) {
            std::cerr << what << " at " << command.server << ": "
                      << (status.ok() ? hv1::HealthCheckResponse::ServingStatus_Name(response.status())
                                      : status.error_message())
                      << "\n";
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace devcoll
