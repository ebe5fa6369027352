#pragma once
// AuthService: the gRPC edge of devcoll.auth.v1. Validates every request, throttles guessing,
// and leaves data to AuthStore and hashing to PasswordHasher. Handlers run on the service's
// worker pool (RpcRuntime::unary), never on gRPC's completion threads.
#include <chrono>

#include "auth/auth_store.h"
#include "auth/password_hasher.h"
#include "auth/reset_notifier.h"
#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "platform/config.h"
#include "platform/rpc/rpc_runtime.h"

namespace devcoll::auth {

namespace v1 = devcoll::auth::v1;

struct AuthSettings final {
    RateLimits limits;
    std::chrono::seconds resetTokenLifetime{30 * 60};
};

class AuthService final : public v1::AuthService::CallbackService {
public:
    AuthService(rpc::RpcRuntime& runtime, AuthStore& store, const PasswordHasher& hasher,
                security::AccessTokens& tokens, ResetNotifier& notifier, AuthSettings settings)
        : m_rt(runtime),
          m_store(store),
          m_hasher(hasher),
          m_tokens(tokens),
          m_notifier(notifier),
          m_settings(settings) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* Register(Ctx*, const v1::RegisterRequest*, v1::RegisterResponse*) override;
    Reactor* Login(Ctx*, const v1::LoginRequest*, v1::LoginResponse*) override;
    Reactor* RefreshToken(Ctx*, const v1::RefreshTokenRequest*, v1::RefreshTokenResponse*) override;
    Reactor* Logout(Ctx*, const v1::LogoutRequest*, v1::LogoutResponse*) override;
    Reactor* ValidateToken(Ctx*, const v1::ValidateTokenRequest*, v1::ValidateTokenResponse*) override;
    Reactor* RequestPasswordReset(Ctx*, const v1::RequestPasswordResetRequest*,
                                  v1::RequestPasswordResetResponse*) override;
    Reactor* ConfirmPasswordReset(Ctx*, const v1::ConfirmPasswordResetRequest*,
                                  v1::ConfirmPasswordResetResponse*) override;
    Reactor* ChangePassword(Ctx*, const v1::ChangePasswordRequest*, v1::ChangePasswordResponse*) override;
    Reactor* VerifyPassword(Ctx*, const v1::VerifyPasswordRequest*, v1::VerifyPasswordResponse*) override;
    Reactor* ListSessions(Ctx*, const v1::ListSessionsRequest*, v1::ListSessionsResponse*) override;
    Reactor* RevokeSession(Ctx*, const v1::RevokeSessionRequest*, v1::RevokeSessionResponse*) override;
    // Operators' role management, in auth_service_admin.cpp.
    Reactor* GrantRole(Ctx*, const v1::GrantRoleRequest*, v1::GrantRoleResponse*) override;
    Reactor* RevokeRole(Ctx*, const v1::RevokeRoleRequest*, v1::RevokeRoleResponse*) override;

private:
    // Counts an attempt; ResourceExhausted (with a retry hint) when `subject` used up `limit`.
    Result<Attempt> attempt(const std::string& bucket, const std::string& subject, int limit);
    // Checks `password` of `who`, throttled per account; PermissionDenied when wrong.
    Status recheckPassword(const Credential& who, const std::string& password);
    // The account of an authenticated call, whose session must still be live: auth owns the
    // sessions, so its own calls need not wait for an access token to expire.
    Result<Credential> liveCaller(const rpc::CallContext& call);
    // PermissionDenied naming the suspension and its reason, when the account is suspended.
    Status notSuspended(const std::string& userId) const;
    // Creates a reset token for the account with `email`, if any, and mails it.
    void sendResetMail(const std::string& email, const std::string& requestId);
    template <typename Response>
    Status fillSignedIn(Response* response, const Credential& who, const SessionGrant& grant);

    rpc::RpcRuntime& m_rt;
    AuthStore& m_store;
    const PasswordHasher& m_hasher;
    security::AccessTokens& m_tokens;
    ResetNotifier& m_notifier;
    AuthSettings m_settings;
};

}  // namespace devcoll::auth
