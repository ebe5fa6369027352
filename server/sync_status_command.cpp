#include "sync_status_command.h"

#include <google/protobuf/util/time_util.h>

#include <iostream>

#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "operator_session.h"

namespace devcoll {
namespace {

namespace sv1 = devcoll::sync::v1;
using google::protobuf::util::TimeUtil;

constexpr auto kOperatorTokenLifetime = std::chrono::minutes(5);
constexpr auto kCallTimeout = std::chrono::seconds(30);

int fail(const std::string& message) {
    std::cerr << "devcoll-server sync-status: " << message << "\n";
    return 1;
}

}  // namespace

int runSyncStatus(const Config& config, const OperatorCommand& command) {
    auto session = OperatorSession::open(config, command, kOperatorTokenLifetime);
    if (!session.ok()) return fail(session.error().message);
    auto stub = sv1::SyncService::NewStub(session->channel());
    grpc::ClientContext context;
    session->authorize(context);
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    sv1::GetSyncStatusResponse status;
    const grpc::Status outcome = stub->GetSyncStatus(&context, sv1::GetSyncStatusRequest(), &status);
    if (!outcome.ok()) return fail(outcome.error_message());
    std::cout << "sync service at " << command.server << "\n"
              << "  open streams:      " << status.open_streams() << " (" << status.streaming_users() << " users)\n"
              << "  user log rows:     " << status.user_log_rows() << "\n"
              << "  audience log rows: " << status.audience_log_rows() << "\n"
              << "  entities:          " << status.entities() << "\n"
              << "  position:          " << status.position() << "\n";
    if (status.has_last_event_at()) {
        std::cout << "  last event:        " << TimeUtil::ToString(status.last_event_at()) << ", applied "
                  << TimeUtil::DurationToMilliseconds(status.last_event_lag()) << " ms later\n";
    } else {
        std::cout << "  last event:        none applied since the server started\n";
    }
    return 0;
}

}  // namespace devcoll
