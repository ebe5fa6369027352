#include "net/moderation_reports.h"

#include <google/protobuf/util/time_util.h>

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>

#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "net/call_error.h"

namespace devcoll::app {
namespace {

namespace mv1 = devcoll::moderation::v1;
namespace uv1 = devcoll::user::v1;
using google::protobuf::util::TimeUtil;

constexpr auto kTimeout = std::chrono::seconds(10);

ReportRow rowFrom(const mv1::Report& r) {
    ReportRow row;
    row.id = QString::fromStdString(r.id());
    row.subjectKind = r.subject().kind();
    row.subjectId = QString::fromStdString(r.subject().id());
    row.authorId = QString::fromStdString(r.subject_author_id());
    row.excerpt = QString::fromStdString(r.subject_excerpt());
    for (const auto& c : r.complaints()) row.reasons << c.reason();
    row.complaints = r.complaints_size();
    row.createdAt = TimeUtil::TimestampToMicroseconds(r.created_at());
    return row;
}

}  // namespace

Result<QList<ReportRow>> fetchOpenReports(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                          int limit) {
    auto stub = mv1::ModerationService::NewStub(channel);
    QList<ReportRow> rows;
    mv1::ListReportsRequest request;
    request.set_state(mv1::REPORT_STATE_OPEN);
    request.set_page_size(std::min(limit, 100));
    while (rows.size() < limit) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + kTimeout);
        context.AddMetadata("authorization", "Bearer " + accessToken);
        mv1::ListReportsResponse response;
        const grpc::Status status = stub->ListReports(&context, request, &response);
        if (!status.ok()) return errorOf(status, &context);
        for (const auto& r : response.reports()) {
            if (rows.size() < limit) rows << rowFrom(r);
        }
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
    }
    // Who wrote each reported thing, by name. Best effort: a name that cannot be looked up
    // (the account was deleted meanwhile) is left out, the report is not.
    auto users = uv1::UserService::NewStub(channel);
    QHash<QString, QString> names;
    for (ReportRow& row : rows) {
        if (!names.contains(row.authorId)) {
            grpc::ClientContext context;
            context.set_deadline(std::chrono::system_clock::now() + kTimeout);
            context.AddMetadata("authorization", "Bearer " + accessToken);
            uv1::GetUserRequest get;
            get.set_user_id(row.authorId.toStdString());
            uv1::GetUserResponse user;
            const grpc::Status status = users->GetUser(&context, get, &user);
            if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return errorOf(status, &context);
            names.insert(row.authorId, status.ok() ? QString::fromStdString(user.user().username()) : QString());
        }
        row.authorUsername = names.value(row.authorId);
    }
    return rows;
}

std::optional<QStringList> rolesInAccessToken(const std::string& accessToken) {
    const QList<QByteArray> parts = QByteArray::fromStdString(accessToken).split('.');
    if (parts.size() != 3) return std::nullopt;
    const QByteArray claims =
        QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QJsonDocument document = QJsonDocument::fromJson(claims);
    if (!document.isObject()) return std::nullopt;
    const QJsonValue roles = document.object().value(QStringLiteral("roles"));
    QStringList out;
    for (const QJsonValue& role : roles.toArray()) out << role.toString();
    return out;
}

bool mayModerate(const QStringList& roles) {
    return roles.contains(QStringLiteral("moderator")) || roles.contains(QStringLiteral("admin"));
}

}  // namespace devcoll::app
