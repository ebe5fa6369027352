#pragma once
// ModerationService: the gRPC edge of devcoll.moderation.v1. Role checks and validation here;
// reports and actions in ModerationStore. What is reported is looked up with the post and user
// services, on behalf of the caller, so a report can only name what its reporter may see.
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "moderation/moderation_store.h"
#include "platform/rpc/peer.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"

namespace devcoll::moderation {

class ModerationService final : public v1::ModerationService::CallbackService {
public:
    ModerationService(rpc::RpcRuntime& runtime, ModerationStore& store, const security::PageTokens& pageTokens,
                      std::shared_ptr<rpc::Peer> postPeer, std::shared_ptr<rpc::Peer> userPeer)
        : m_rt(runtime),
          m_store(store),
          m_pageTokens(pageTokens),
          m_postPeer(std::move(postPeer)),
          m_userPeer(std::move(userPeer)) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* ReportContent(Ctx*, const v1::ReportContentRequest*, v1::ReportContentResponse*) override;
    Reactor* ListReports(Ctx*, const v1::ListReportsRequest*, v1::ListReportsResponse*) override;
    Reactor* GetReport(Ctx*, const v1::GetReportRequest*, v1::GetReportResponse*) override;
    Reactor* DismissReport(Ctx*, const v1::DismissReportRequest*, v1::DismissReportResponse*) override;
    Reactor* HidePost(Ctx*, const v1::HidePostRequest*, v1::HidePostResponse*) override;
    Reactor* UnhidePost(Ctx*, const v1::UnhidePostRequest*, v1::UnhidePostResponse*) override;
    Reactor* HideComment(Ctx*, const v1::HideCommentRequest*, v1::HideCommentResponse*) override;
    Reactor* UnhideComment(Ctx*, const v1::UnhideCommentRequest*, v1::UnhideCommentResponse*) override;
    Reactor* RemoveComment(Ctx*, const v1::RemoveCommentRequest*, v1::RemoveCommentResponse*) override;
    Reactor* RemovePost(Ctx*, const v1::RemovePostRequest*, v1::RemovePostResponse*) override;
    Reactor* SuspendUser(Ctx*, const v1::SuspendUserRequest*, v1::SuspendUserResponse*) override;
    Reactor* UnsuspendUser(Ctx*, const v1::UnsuspendUserRequest*, v1::UnsuspendUserResponse*) override;
    Reactor* ListAuditLog(Ctx*, const v1::ListAuditLogRequest*, v1::ListAuditLogResponse*) override;

private:
    // The subject as the caller may see it (NotFound otherwise), with its author and excerpt.
    Result<SubjectSnapshot> lookUp(Ctx* ctx, const rpc::CallContext& call, const v1::Subject& subject);
    // A validated action request of the caller; `field` names the subject's id field.
    Result<ActionRequest> actionOf(Ctx* ctx, const rpc::CallContext& call, v1::ActionKind kind,
                                   const v1::Subject& subject, std::string_view field, const std::string& reason,
                                   const std::string& actionId);
    // The role hierarchy: PermissionDenied when the caller may not suspend `userId` (an admin,
    // or a moderator unless the caller is an admin) or lift their suspension (a moderator's or
    // an admin's, unless the caller is an admin).
    Status mayAffect(const rpc::CallContext& call, const std::string& userId, bool suspending);
    // The common shape of an action call: validated, carried out, answered with the action.
    template <typename Request, typename Response>
    Status actOn(Ctx* ctx, const rpc::CallContext& call, v1::ActionKind kind, const v1::Subject& subject,
                 std::string_view field, const Request& req, Response* resp);

    rpc::RpcRuntime& m_rt;
    ModerationStore& m_store;
    const security::PageTokens& m_pageTokens;
    std::shared_ptr<rpc::Peer> m_postPeer;
    std::shared_ptr<rpc::Peer> m_userPeer;
};

}  // namespace devcoll::moderation
