#include "moderation/moderation_service.h"

#include <algorithm>

#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/rpc/paging.h"

namespace devcoll::moderation {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::string_view kReportQueue = "report_queue";
constexpr std::string_view kAuditLog = "audit_log";
// How much of a reported post's text the report keeps.
constexpr std::size_t kExcerptCodePoints = 280;
// How much earlier history GetReport shows.
constexpr int kContextSize = 20;
constexpr std::int64_t kMaxSuspensionMicros = 10LL * 366 * 24 * 3600 * 1'000'000;

Status checkReason(const std::string& reason) { return checkText("reason", reason, 1, 1000, true); }

std::string excerptOf(const std::string& text) { return devcoll::excerptOf(text, kExcerptCodePoints); }

Status checkSubject(const v1::Subject& subject) {
    if (subject.kind() != v1::SUBJECT_KIND_POST && subject.kind() != v1::SUBJECT_KIND_USER &&
        subject.kind() != v1::SUBJECT_KIND_COMMENT) {
        return invalidArgument("subject.kind", "must be SUBJECT_KIND_POST, SUBJECT_KIND_USER or SUBJECT_KIND_COMMENT");
    }
    return checkUuidV7("subject.id", subject.id());
}

// A page token of the report queue or the audit log: a creation time and an id.
Result<std::optional<ReportCursor>> cursorOf(const security::PageTokens& tokens, const std::string& token,
                                             std::string_view list, const std::string& scope) {
    DEVCOLL_TRY(auto parts, rpc::openCursor(tokens, token, list, scope, 2));
    if (!parts) return std::optional<ReportCursor>{};
    DEVCOLL_TRY(const std::int64_t createdAt, rpc::cursorInteger((*parts)[0]));
    return std::optional(ReportCursor{createdAt, (*parts)[1]});
}

// A moderator does not judge their own case: what they wrote, a report about them, their
// own suspension.
Status notAboutMe(const CallContext& call, const std::string& affectedUserId) {
    if (affectedUserId != call.caller().userId) return {};
    return makeError(ErrorCode::PermissionDenied,
                     "you cannot act on what you wrote or on a report about you; another moderator must");
}

v1::Subject subjectOf(v1::SubjectKind kind, const std::string& id) {
    v1::Subject subject;
    subject.set_kind(kind);
    subject.set_id(id);
    return subject;
}

}  // namespace

Result<SubjectSnapshot> ModerationService::lookUp(Ctx* ctx, const CallContext& call, const v1::Subject& subject) {
    SubjectSnapshot snapshot{subject.kind(), subject.id(), {}, {}};
    auto client = rpc::onBehalfOf(ctx, call.requestId);
    if (subject.kind() == v1::SUBJECT_KIND_POST) {
        auto stub = devcoll::post::v1::PostService::NewStub(m_postPeer->channel());
        devcoll::post::v1::GetPostRequest request;
        request.set_post_id(subject.id());
        devcoll::post::v1::GetPostResponse response;
        const grpc::Status status = m_postPeer->call([&] { return stub->GetPost(client.get(), request, &response); });
        if (status.error_code() == grpc::StatusCode::NOT_FOUND || (status.ok() && response.post().deleted())) {
            return makeError(ErrorCode::NotFound, "subject.id: no such post");
        }
        if (!status.ok()) return rpc::peerError("post service", status);
        snapshot.authorId = response.post().author_id();
        snapshot.excerpt = excerptOf(response.post().body());
        return snapshot;
    }
    if (subject.kind() == v1::SUBJECT_KIND_COMMENT) {
        auto stub = devcoll::post::v1::PostService::NewStub(m_postPeer->channel());
        devcoll::post::v1::GetCommentRequest request;
        request.set_comment_id(subject.id());
        devcoll::post::v1::GetCommentResponse response;
        const grpc::Status status =
            m_postPeer->call([&] { return stub->GetComment(client.get(), request, &response); });
        // A hidden comment is a placeholder to others: there is nothing they could report.
        const auto& comment = response.comment();
        if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
            (status.ok() && (comment.deleted() || (comment.hidden() && comment.body().empty())))) {
            return makeError(ErrorCode::NotFound, "subject.id: no such comment");
        }
        if (!status.ok()) return rpc::peerError("post service", status);
        snapshot.authorId = comment.author_id();
        snapshot.excerpt = excerptOf(comment.body());
        return snapshot;
    }
    auto stub = devcoll::user::v1::UserService::NewStub(m_userPeer->channel());
    devcoll::user::v1::GetUserRequest request;
    request.set_user_id(subject.id());
    devcoll::user::v1::GetUserResponse response;
    const grpc::Status status = m_userPeer->call([&] { return stub->GetUser(client.get(), request, &response); });
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        return makeError(ErrorCode::NotFound, "subject.id: no such user");
    }
    if (!status.ok()) return rpc::peerError("user service", status);
    snapshot.authorId = response.user().id();
    snapshot.excerpt = "@" + response.user().username() + " (" + response.user().display_name() + ")";
    return snapshot;
}

Result<ActionRequest> ModerationService::actionOf(Ctx* ctx, const CallContext& call, v1::ActionKind kind,
                                                  const v1::Subject& subject, std::string_view field,
                                                  const std::string& reason, const std::string& actionId) {
    DEVCOLL_CHECK(call.requireModerator());
    DEVCOLL_CHECK(checkUuidV7(field, subject.id()));
    DEVCOLL_CHECK(checkReason(reason));
    if (!actionId.empty()) DEVCOLL_CHECK(checkUuidV7("action_id", actionId));
    ActionRequest request;
    request.id = actionId.empty() ? newUuidV7() : actionId;
    request.kind = kind;
    request.moderatorId = call.caller().userId;
    request.subject = subject;
    request.reason = reason;
    request.requestId = call.requestId;
    if (!actionId.empty()) {
        // A retry (an offline queue's) gets the first answer, whatever changed since.
        DEVCOLL_TRY(request.replayed, m_store.actionExists(actionId));
        if (request.replayed) return request;
    }
    if (kind == v1::ACTION_KIND_DISMISS) return request;
    DEVCOLL_CHECK(m_store.notRemoved(subject));
    // Who the action affects: the reported author when a report is open (no call needed),
    // else whoever the post and user services say.
    DEVCOLL_TRY(auto reported, m_store.openReportAuthor(subject));
    if (reported) {
        request.affectedUserId = *reported;
    } else {
        DEVCOLL_TRY(SubjectSnapshot found, lookUp(ctx, call, subject));
        request.affectedUserId = found.authorId;
    }
    DEVCOLL_CHECK(notAboutMe(call, request.affectedUserId));
    return request;
}

template <typename Request, typename Response>
Status ModerationService::actOn(Ctx* ctx, const CallContext& call, v1::ActionKind kind, const v1::Subject& subject,
                                std::string_view field, const Request& req, Response* resp) {
    DEVCOLL_TRY(ActionRequest request, actionOf(ctx, call, kind, subject, field, req.reason(), req.action_id()));
    DEVCOLL_TRY(auto action, m_store.act(request));
    *resp->mutable_action() = std::move(action);
    return {};
}

grpc::ServerUnaryReactor* ModerationService::ReportContent(Ctx* ctx, const v1::ReportContentRequest* req,
                                                           v1::ReportContentResponse* resp) {
    return m_rt.unary(
        ctx, "moderation.ReportContent", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(checkSubject(req->subject()));
            if (req->reason() <= v1::REPORT_REASON_UNSPECIFIED || !v1::ReportReason_IsValid(req->reason())) {
                return invalidArgument("reason", "must be one of the REPORT_REASON_ values other than UNSPECIFIED");
            }
            DEVCOLL_CHECK(checkText("note", req->note(), 0, 1000, true));
            DEVCOLL_TRY(SubjectSnapshot subject, lookUp(ctx, call, req->subject()));
            if (subject.authorId == call.caller().userId) {
                return invalidArgument("subject.id", "you cannot report yourself or what you wrote");
            }
            DEVCOLL_TRY(auto report, m_store.report(subject, {call.caller().userId, req->reason(), req->note()}));
            // A reporter sees their own complaint, not who else complained.
            v1::Report mine = report;
            mine.clear_complaints();
            for (const auto& c : report.complaints()) {
                if (c.reporter_id() == call.caller().userId) *mine.add_complaints() = c;
            }
            if (!call.mayModerate())
                *resp->mutable_report() = std::move(mine);
            else
                *resp->mutable_report() = std::move(report);
            return {};
        });
}

grpc::ServerUnaryReactor* ModerationService::ListReports(Ctx* ctx, const v1::ListReportsRequest* req,
                                                         v1::ListReportsResponse* resp) {
    return m_rt.unary(
        ctx, "moderation.ListReports", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(call.requireModerator());
            const v1::ReportState state =
                req->state() == v1::REPORT_STATE_UNSPECIFIED ? v1::REPORT_STATE_OPEN : req->state();
            if (!v1::ReportState_IsValid(state)) return invalidArgument("state", "unknown report state");
            if (!v1::SubjectKind_IsValid(req->kind())) return invalidArgument("kind", "unknown subject kind");
            DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
            const std::string scope = std::to_string(state) + "/" + std::to_string(req->kind());
            DEVCOLL_TRY(auto after, cursorOf(m_pageTokens, req->page_token(), kReportQueue, scope));
            DEVCOLL_TRY(auto reports, m_store.reports(state, req->kind(), after, pageSize + 1));
            const bool more = rpc::trimToPage(reports, pageSize);
            for (auto& r : reports) *resp->add_reports() = std::move(r);
            if (more) {
                const v1::Report& last = *resp->reports().rbegin();
                resp->set_next_page_token(rpc::sealCursor(
                    m_pageTokens, kReportQueue, scope, {std::to_string(fromTimestamp(last.created_at())), last.id()}));
            }
            return {};
        });
}

grpc::ServerUnaryReactor* ModerationService::GetReport(Ctx* ctx, const v1::GetReportRequest* req,
                                                       v1::GetReportResponse* resp) {
    return m_rt.unary(ctx, "moderation.GetReport", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(call.requireModerator());
        DEVCOLL_CHECK(checkUuidV7("report_id", req->report_id()));
        DEVCOLL_TRY(auto report, m_store.reportById(req->report_id()));
        if (!report) return makeError(ErrorCode::NotFound, "report_id: no such report");
        const std::string author = report->subject_author_id();
        DEVCOLL_TRY(auto earlier, m_store.reportsAbout(author, report->id(), kContextSize));
        DEVCOLL_TRY(auto actions, m_store.actions(author, std::nullopt, kContextSize));
        *resp->mutable_report() = std::move(*report);
        for (auto& r : earlier) *resp->add_earlier_reports() = std::move(r);
        for (auto& a : actions) *resp->add_earlier_actions() = std::move(a);
        return {};
    });
}

grpc::ServerUnaryReactor* ModerationService::DismissReport(Ctx* ctx, const v1::DismissReportRequest* req,
                                                           v1::DismissReportResponse* resp) {
    return m_rt.unary(
        ctx, "moderation.DismissReport", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(call.requireModerator());
            DEVCOLL_CHECK(checkUuidV7("report_id", req->report_id()));
            DEVCOLL_TRY(auto report, m_store.reportById(req->report_id()));
            if (!report) return makeError(ErrorCode::NotFound, "report_id: no such report");
            DEVCOLL_TRY(ActionRequest request, actionOf(ctx, call, v1::ACTION_KIND_DISMISS, report->subject(),
                                                        "report_id", req->reason(), req->action_id()));
            request.reportId = report->id();
            request.affectedUserId = report->subject_author_id();
            if (!request.replayed) DEVCOLL_CHECK(notAboutMe(call, request.affectedUserId));
            DEVCOLL_TRY(auto action, m_store.act(request));
            *resp->mutable_action() = std::move(action);
            return {};
        });
}

grpc::ServerUnaryReactor* ModerationService::HidePost(Ctx* ctx, const v1::HidePostRequest* req,
                                                      v1::HidePostResponse* resp) {
    return m_rt.unary(ctx, "moderation.HidePost", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_HIDE_POST, subjectOf(v1::SUBJECT_KIND_POST, req->post_id()), "post_id",
                     *req, resp);
    });
}

grpc::ServerUnaryReactor* ModerationService::UnhidePost(Ctx* ctx, const v1::UnhidePostRequest* req,
                                                        v1::UnhidePostResponse* resp) {
    return m_rt.unary(ctx, "moderation.UnhidePost", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_UNHIDE_POST, subjectOf(v1::SUBJECT_KIND_POST, req->post_id()),
                     "post_id", *req, resp);
    });
}

grpc::ServerUnaryReactor* ModerationService::HideComment(Ctx* ctx, const v1::HideCommentRequest* req,
                                                         v1::HideCommentResponse* resp) {
    return m_rt.unary(ctx, "moderation.HideComment", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_HIDE_COMMENT, subjectOf(v1::SUBJECT_KIND_COMMENT, req->comment_id()),
                     "comment_id", *req, resp);
    });
}

grpc::ServerUnaryReactor* ModerationService::UnhideComment(Ctx* ctx, const v1::UnhideCommentRequest* req,
                                                           v1::UnhideCommentResponse* resp) {
    return m_rt.unary(ctx, "moderation.UnhideComment", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_UNHIDE_COMMENT, subjectOf(v1::SUBJECT_KIND_COMMENT, req->comment_id()),
                     "comment_id", *req, resp);
    });
}

grpc::ServerUnaryReactor* ModerationService::RemoveComment(Ctx* ctx, const v1::RemoveCommentRequest* req,
                                                           v1::RemoveCommentResponse* resp) {
    return m_rt.unary(ctx, "moderation.RemoveComment", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_REMOVE_COMMENT, subjectOf(v1::SUBJECT_KIND_COMMENT, req->comment_id()),
                     "comment_id", *req, resp);
    });
}

grpc::ServerUnaryReactor* ModerationService::RemovePost(Ctx* ctx, const v1::RemovePostRequest* req,
                                                        v1::RemovePostResponse* resp) {
    return m_rt.unary(ctx, "moderation.RemovePost", Access::Authenticated, [=, this](const CallContext& call) {
        return actOn(ctx, call, v1::ACTION_KIND_REMOVE_POST, subjectOf(v1::SUBJECT_KIND_POST, req->post_id()),
                     "post_id", *req, resp);
    });
}

Status ModerationService::mayAffect(const CallContext& call, const std::string& userId, bool suspending) {
    DEVCOLL_TRY(const auto roles, m_store.rolesOf(userId));
    const auto holds = [&](std::string_view role) {
        return std::find(roles.begin(), roles.end(), role) != roles.end();
    };
    if (suspending && holds(security::kAdminRole)) {
        return makeError(ErrorCode::PermissionDenied, "user_id: an admin cannot be suspended; revoke the role first");
    }
    if ((holds(security::kModeratorRole) || holds(security::kAdminRole)) &&
        !call.caller().hasRole(security::kAdminRole)) {
        return makeError(ErrorCode::PermissionDenied,
                         "user_id: only an admin may suspend a moderator or lift their suspension");
    }
    return {};
}

grpc::ServerUnaryReactor* ModerationService::SuspendUser(Ctx* ctx, const v1::SuspendUserRequest* req,
                                                         v1::SuspendUserResponse* resp) {
    return m_rt.unary(
        ctx, "moderation.SuspendUser", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(call.requireModerator());
            if (req->user_id() == call.caller().userId) {
                return invalidArgument("user_id", "you cannot suspend yourself");
            }
            DEVCOLL_TRY(ActionRequest request, actionOf(ctx, call, v1::ACTION_KIND_SUSPEND_USER,
                                                        subjectOf(v1::SUBJECT_KIND_USER, req->user_id()), "user_id",
                                                        req->reason(), req->action_id()));
            if (!request.replayed) DEVCOLL_CHECK(mayAffect(call, req->user_id(), true));
            if (!req->report_id().empty() && !request.replayed) {
                DEVCOLL_CHECK(checkUuidV7("report_id", req->report_id()));
                DEVCOLL_TRY(auto answered, m_store.reportById(req->report_id()));
                if (!answered || answered->subject_author_id() != req->user_id()) {
                    return invalidArgument("report_id", "is not a report about this user or what they wrote");
                }
                request.reportId = req->report_id();
            }
            if (req->has_until() && !request.replayed) {
                // Seconds checked before they are converted, so that no value overflows.
                const std::int64_t now = nowMicros();
                const std::int64_t seconds = req->until().seconds();
                if (seconds <= now / 1'000'000 || seconds > (now + kMaxSuspensionMicros) / 1'000'000) {
                    return invalidArgument("until",
                                           "must be in the future and at most 10 years ahead (or unset: for good)");
                }
                request.suspendedUntil = fromTimestamp(req->until());
            }
            DEVCOLL_TRY(auto action, m_store.act(request));
            *resp->mutable_action() = std::move(action);
            return {};
        });
}

grpc::ServerUnaryReactor* ModerationService::UnsuspendUser(Ctx* ctx, const v1::UnsuspendUserRequest* req,
                                                           v1::UnsuspendUserResponse* resp) {
    return m_rt.unary(ctx, "moderation.UnsuspendUser", Access::Authenticated,
                      [=, this](const CallContext& call) -> Status {
                          DEVCOLL_CHECK(call.requireModerator());
                          DEVCOLL_CHECK(checkUuidV7("user_id", req->user_id()));
                          bool replay = false;
                          if (!req->action_id().empty()) {
                              DEVCOLL_CHECK(checkUuidV7("action_id", req->action_id()));
                              DEVCOLL_TRY(replay, m_store.actionExists(req->action_id()));
                          }
                          if (!replay) DEVCOLL_CHECK(mayAffect(call, req->user_id(), false));
                          return actOn(ctx, call, v1::ACTION_KIND_UNSUSPEND_USER,
                                       subjectOf(v1::SUBJECT_KIND_USER, req->user_id()), "user_id", *req, resp);
                      });
}

grpc::ServerUnaryReactor* ModerationService::ListAuditLog(Ctx* ctx, const v1::ListAuditLogRequest* req,
                                                          v1::ListAuditLogResponse* resp) {
    return m_rt.unary(
        ctx, "moderation.ListAuditLog", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(call.requireModerator());
            const std::string& affected = req->affected_user_id();
            if (!affected.empty()) DEVCOLL_CHECK(checkUuidV7("affected_user_id", affected));
            DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
            DEVCOLL_TRY(auto before, cursorOf(m_pageTokens, req->page_token(), kAuditLog, affected));
            DEVCOLL_TRY(auto actions, m_store.actions(affected, before, pageSize + 1));
            const bool more = rpc::trimToPage(actions, pageSize);
            for (auto& a : actions) *resp->add_actions() = std::move(a);
            if (more) {
                const v1::Action& last = *resp->actions().rbegin();
                resp->set_next_page_token(rpc::sealCursor(
                    m_pageTokens, kAuditLog, affected, {std::to_string(fromTimestamp(last.created_at())), last.id()}));
            }
            return {};
        });
}

}  // namespace devcoll::moderation
