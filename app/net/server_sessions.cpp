#include "net/server_sessions.h"

#include <algorithm>
#include <chrono>

#include <google/protobuf/util/time_util.h>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "net/call_context.h"
#include "net/call_error.h"

namespace devcoll::app {

namespace {

namespace av1 = devcoll::auth::v1;

constexpr auto kTimeout = std::chrono::seconds(5);

QDateTime timeOf(const google::protobuf::Timestamp& t) {
    return QDateTime::fromMSecsSinceEpoch(google::protobuf::util::TimeUtil::TimestampToMilliseconds(t), Qt::UTC);
}

}  // namespace

Result<QList<SessionRow>> listSessions(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken) {
    auto stub = av1::AuthService::NewStub(channel);
    av1::ListSessionsResponse response;
    auto context = callContext(accessToken, kTimeout);
    const grpc::Status status = stub->ListSessions(context.get(), av1::ListSessionsRequest(), &response);
    if (!status.ok()) return errorOf(status, context.get());
    QList<SessionRow> rows;
    rows.reserve(response.sessions_size());
    for (const av1::Session& s : response.sessions()) {
        rows.append(SessionRow{QString::fromStdString(s.id()), QString::fromStdString(s.device_name()),
                               QString::fromStdString(s.peer()), timeOf(s.created_at()), timeOf(s.last_used_at()),
                               s.current()});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SessionRow& a, const SessionRow& b) { return a.lastUsedAt > b.lastUsedAt; });
    return rows;
}

Status revokeSession(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                     const QString& sessionId) {
    auto stub = av1::AuthService::NewStub(channel);
    av1::RevokeSessionRequest request;
    request.set_session_id(sessionId.toStdString());
    av1::RevokeSessionResponse response;
    auto context = callContext(accessToken, kTimeout);
    const grpc::Status status = stub->RevokeSession(context.get(), request, &response);
    if (!status.ok()) return errorOf(status, context.get());
    return {};
}

}  // namespace devcoll::app
