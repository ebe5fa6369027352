// AuthService's operator-only calls: granting and revoking roles (moderator, admin).

#include <spdlog/spdlog.h>

#include <algorithm>

#include "auth/auth_service.h"
#include "devcoll/validation.h"

namespace devcoll::auth {
namespace {

using rpc::Access;
using rpc::CallContext;

Status checkRole(const std::string& role) {
    const auto& roles = security::kGrantableRoles;
    if (std::find(std::begin(roles), std::end(roles), role) == std::end(roles)) {
        return invalidArgument("role", "must be moderator or admin");
    }
    return {};
}

template <typename Request, typename Response>
Status changeRole(AuthStore& store, const CallContext& call, const Request& req, Response* resp, bool granted) {
    DEVCOLL_CHECK(call.requireAdmin());
    DEVCOLL_CHECK(checkText("account", req.account(), 1, 254));
    DEVCOLL_CHECK(checkRole(req.role()));
    if (!granted && req.role() == security::kAdminRole && (req.account() == call.caller().userId)) {
        return invalidArgument("account", "you cannot take the admin role from yourself");
    }
    DEVCOLL_TRY(auto who, store.changeRole(req.account(), req.role(), granted));
    if (!who) return makeError(ErrorCode::NotFound, "account: no account has this id, username or e-mail");
    spdlog::info("role {} {} {} by {} request_id={}", req.role(), granted ? "granted to" : "revoked from", who->userId,
                 call.caller().userId, call.requestId);
    resp->set_user_id(who->userId);
    for (const auto& role : who->roles) resp->add_roles(role);
    return {};
}

}  // namespace

grpc::ServerUnaryReactor* AuthService::GrantRole(Ctx* ctx, const v1::GrantRoleRequest* req,
                                                 v1::GrantRoleResponse* resp) {
    return m_rt.unary(ctx, "auth.GrantRole", Access::Authenticated,
                      [=, this](const CallContext& call) { return changeRole(m_store, call, *req, resp, true); });
}

grpc::ServerUnaryReactor* AuthService::RevokeRole(Ctx* ctx, const v1::RevokeRoleRequest* req,
                                                  v1::RevokeRoleResponse* resp) {
    return m_rt.unary(ctx, "auth.RevokeRole", Access::Authenticated,
                      [=, this](const CallContext& call) { return changeRole(m_store, call, *req, resp, false); });
}

}  // namespace devcoll::auth
