#include "auth/auth_service.h"

#include <spdlog/spdlog.h>

#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"

namespace devcoll::auth {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::size_t kMaxPassword = 128;
constexpr std::size_t kMaxSecretToken = 128;
const char* const kWrongCredentials = "login or password is wrong";

// Buckets of the rate limiter. Accounts are keyed by user id, so guesses by username and by
// e-mail count together; logins naming no account are keyed by what they named.
const std::string kLoginAccount = "login-account";
const std::string kLoginAddress = "login-address";
const std::string kRegisterAddress = "register-address";
const std::string kResetAddress = "reset-address";
const std::string kResetEmail = "reset-email";
const std::string kConfirmAddress = "confirm-address";
constexpr int kResetsPerEmail = 3;

std::string accountSubject(const std::optional<Credential>& found, const std::string& loginLower) {
    return found ? "user:" + found->userId : "login:" + loginLower;
}

Status checkNewPassword(std::string_view field, const std::string& password) {
    return checkText(field, password, 8, kMaxPassword);
}

Status checkGivenPassword(std::string_view field, const std::string& password) {
    // Any stored password has at most 128 characters; the bound also caps the hashing cost.
    return checkText(field, password, 1, kMaxPassword);
}

Status checkSecretToken(std::string_view field, const std::string& token) {
    if (token.empty()) return invalidArgument(std::string(field), "must not be empty");
    if (token.size() > kMaxSecretToken) return invalidArgument(std::string(field), "is too long");
    return {};
}

std::string deviceOrDefault(const std::string& device) { return device.empty() ? "unnamed device" : device; }

}  // namespace

Result<Attempt> AuthService::attempt(const std::string& bucket, const std::string& subject, int limit) {
    DEVCOLL_TRY(Attempt counted, m_store.beginAttempt(bucket, subject, limit, m_settings.limits.window));
    if (!counted.retryAfterSeconds) return counted;
    return tooMany("too many attempts", *counted.retryAfterSeconds);
}

Status AuthService::notSuspended(const std::string& userId) const {
    const auto suspension = m_rt.suspensions().active(userId, nowMicros());
    if (!suspension) return {};
    return makeError(ErrorCode::PermissionDenied, "this account is " + security::describe(*suspension));
}

Result<Credential> AuthService::liveCaller(const rpc::CallContext& call) {
    DEVCOLL_TRY(auto session, m_store.session(call.caller().sessionId));
    if (!session || session->revoked || session->userId != call.caller().userId) {
        return makeError(ErrorCode::Unauthenticated, "access token rejected: session ended");
    }
    DEVCOLL_TRY(auto who, m_store.findById(call.caller().userId));
    if (!who) return makeError(ErrorCode::Unauthenticated, "account no longer exists");
    return std::move(*who);
}

template <typename Response>
Status AuthService::fillSignedIn(Response* response, const Credential& who, const SessionGrant& grant) {
    DEVCOLL_TRY(auto access, m_tokens.sign(who.userId, grant.sessionId, who.roles));
    auto* user = response->mutable_user();
    user->set_id(who.userId);
    user->set_username(who.username);
    user->set_display_name(who.displayName);
    response->set_access_token(std::move(access.token));
    *response->mutable_access_token_expires_at() = toTimestamp(access.expiresAtMicros);
    response->set_refresh_token(grant.refreshToken);
    *response->mutable_refresh_token_expires_at() = toTimestamp(grant.refreshExpiresAt);
    response->set_session_id(grant.sessionId);
    return {};
}

Status AuthService::recheckPassword(const Credential& who, const std::string& password) {
    const std::string subject = accountSubject(who, "");
    DEVCOLL_TRY(Attempt counted, attempt(kLoginAccount, subject, m_settings.limits.failedLoginsPerAccount));
    if (!m_hasher.verify(password, who.passwordHash))
        return makeError(ErrorCode::PermissionDenied, "password is wrong");
    return m_store.forgetAttempt(counted);
}

grpc::ServerUnaryReactor* AuthService::Register(Ctx* ctx, const v1::RegisterRequest* req, v1::RegisterResponse* resp) {
    return m_rt.unary(ctx, "auth.Register", Access::Public, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUsername("username", req->username()));
        DEVCOLL_CHECK(checkEmail("email", req->email()));
        DEVCOLL_CHECK(checkNewPassword("password", req->password()));
        DEVCOLL_CHECK(checkText("display_name", req->display_name(), 0, 64));
        DEVCOLL_CHECK(checkText("device_name", req->device_name(), 0, 64));
        DEVCOLL_CHECK(attempt(kRegisterAddress, call.peerAddress, m_settings.limits.registrationsPerAddress));
        // A taken name is refused before the costly hashing (createAccount checks again).
        DEVCOLL_TRY(auto taken, m_store.findByLogin(asciiLower(req->username())));
        if (taken) return Error{ErrorCode::AlreadyExists, "username: is already taken", "username", {}};

        DEVCOLL_TRY(std::string hash, m_hasher.hash(req->password()));
        Credential account{
            newUuidV7(),  req->username(), req->display_name().empty() ? req->username() : req->display_name(),
            req->email(), std::move(hash), {"user"}};
        DEVCOLL_TRY(SessionGrant grant, m_store.createAccount(account, {deviceOrDefault(req->device_name()),
                                                                        call.peerAddress, call.requestId}));
        spdlog::info("registered user {} ({}) request_id={}", account.userId, account.username, call.requestId);
        return fillSignedIn(resp, account, grant);
    });
}

grpc::ServerUnaryReactor* AuthService::Login(Ctx* ctx, const v1::LoginRequest* req, v1::LoginResponse* resp) {
    return m_rt.unary(ctx, "auth.Login", Access::Public, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkText("login", req->login(), 1, 254));
        DEVCOLL_CHECK(checkGivenPassword("password", req->password()));
        DEVCOLL_CHECK(checkText("device_name", req->device_name(), 0, 64));
        const std::string login = asciiLower(req->login());
        DEVCOLL_TRY(Attempt fromAddress,
                    attempt(kLoginAddress, call.peerAddress, m_settings.limits.failedLoginsPerAddress));
        DEVCOLL_TRY(auto found, m_store.findByLogin(login));
        const std::string subject = accountSubject(found, login);
        DEVCOLL_CHECK(attempt(kLoginAccount, subject, m_settings.limits.failedLoginsPerAccount));
        // Unknown account and wrong password look alike: same error, same work, same time.
        bool ok = false;
        if (found) {
            ok = m_hasher.verify(req->password(), found->passwordHash);
        } else {
            m_hasher.verifyDummy(req->password());
        }
        if (!ok) return makeError(ErrorCode::Unauthenticated, kWrongCredentials);
        // Only whoever knows the password learns that the account is suspended, and why.
        DEVCOLL_CHECK(notSuspended(found->userId));
        // A success takes its attempts back and forgives the account's earlier failures.
        DEVCOLL_CHECK(m_store.forgetAttempt(fromAddress));
        DEVCOLL_CHECK(m_store.clearRateEvents(kLoginAccount, subject));
        auto grant =
            m_store.openSession(*found, {deviceOrDefault(req->device_name()), call.peerAddress, call.requestId});
        // Deleted while its password was checked: as wrong as an unknown account.
        if (!grant.ok() && grant.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::Unauthenticated, kWrongCredentials);
        if (!grant.ok()) return grant.takeError();
        return fillSignedIn(resp, *found, *grant);
    });
}

grpc::ServerUnaryReactor* AuthService::RefreshToken(Ctx* ctx, const v1::RefreshTokenRequest* req,
                                                    v1::RefreshTokenResponse* resp) {
    return m_rt.unary(ctx, "auth.RefreshToken", Access::Public, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkSecretToken("refresh_token", req->refresh_token()));
        const SignAccess sign = [this](const Credential& who,
                                       const std::string& sessionId) -> Result<security::SignedToken> {
            // Refused inside the rotation, so a suspended account keeps its refresh token for later.
            DEVCOLL_CHECK(notSuspended(who.userId));
            return m_tokens.sign(who.userId, sessionId, who.roles);
        };
        DEVCOLL_TRY(RefreshOutcome outcome, m_store.rotateRefreshToken(req->refresh_token(), sign));
        switch (outcome.kind) {
            case RefreshOutcome::Kind::Unknown:
            case RefreshOutcome::Kind::Expired:
                return makeError(ErrorCode::Unauthenticated, "refresh token is invalid or expired; sign in again");
            case RefreshOutcome::Kind::Reused:
                spdlog::warn("refresh token reuse for user {}: session ended request_id={}", outcome.userId,
                             call.requestId);
                return makeError(ErrorCode::Unauthenticated,
                                 "refresh token was already used; the session was ended for safety, sign in again");
            case RefreshOutcome::Kind::Rotated:
                break;
        }
        resp->set_access_token(std::move(outcome.accessToken.token));
        *resp->mutable_access_token_expires_at() = toTimestamp(outcome.accessToken.expiresAtMicros);
        resp->set_refresh_token(outcome.grant.refreshToken);
        *resp->mutable_refresh_token_expires_at() = toTimestamp(outcome.grant.refreshExpiresAt);
        resp->set_session_id(outcome.grant.sessionId);
        resp->set_user_id(outcome.userId);
        return {};
    });
}

grpc::ServerUnaryReactor* AuthService::Logout(Ctx* ctx, const v1::LogoutRequest* req, v1::LogoutResponse*) {
    return m_rt.unary(ctx, "auth.Logout", Access::Public, [=, this](const CallContext&) -> Status {
        DEVCOLL_CHECK(checkSecretToken("refresh_token", req->refresh_token()));
        return m_store.revokeByRefreshToken(req->refresh_token());
    });
}

grpc::ServerUnaryReactor* AuthService::ValidateToken(Ctx* ctx, const v1::ValidateTokenRequest* req,
                                                     v1::ValidateTokenResponse* resp) {
    return m_rt.unary(ctx, "auth.ValidateToken", Access::Public, [=, this](const CallContext&) -> Status {
        if (req->access_token().empty()) return invalidArgument("access_token", "must not be empty");
        DEVCOLL_TRY(security::Principal who, m_tokens.verify(req->access_token()));
        DEVCOLL_TRY(auto session, m_store.session(who.sessionId));
        if (!session || session->revoked || session->userId != who.userId) {
            return makeError(ErrorCode::Unauthenticated, "access token rejected: session ended");
        }
        resp->set_user_id(who.userId);
        resp->set_session_id(who.sessionId);
        for (const auto& role : who.roles) resp->add_roles(role);
        *resp->mutable_expires_at() = toTimestamp(who.expiresAtMicros);
        return {};
    });
}

grpc::ServerUnaryReactor* AuthService::RequestPasswordReset(Ctx* ctx, const v1::RequestPasswordResetRequest* req,
                                                            v1::RequestPasswordResetResponse*) {
    return m_rt.unary(ctx, "auth.RequestPasswordReset", Access::Public, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkEmail("email", req->email()));
        const std::string email = asciiLower(req->email());
        DEVCOLL_CHECK(attempt(kResetAddress, call.peerAddress, m_settings.limits.resetRequestsPerAddress));
        // Per address too, so that nobody floods one mailbox from many addresses.
        DEVCOLL_CHECK(attempt(kResetEmail, email, kResetsPerEmail));
        // The answer is the same, and comes as fast, whether or not the address has an
        // account: the lookup, the token and the mail happen after it, on a worker.
        const std::string requestId = call.requestId;
        if (!m_rt.workers().post([this, email, requestId] { sendResetMail(email, requestId); })) {
            spdlog::warn("password reset mail not sent (server busy or stopping) request_id={}", requestId);
        }
        return {};
    });
}

void AuthService::sendResetMail(const std::string& email, const std::string& requestId) {
    auto created = m_store.createResetToken(email, m_settings.resetTokenLifetime);
    if (!created.ok()) {
        spdlog::error("cannot create a password reset token request_id={}: {}", requestId, created.error().message);
        return;
    }
    if (!*created) return;
    const auto& [who, token] = **created;
    const int minutes = static_cast<int>(m_settings.resetTokenLifetime.count() / 60);
    if (Status sent = m_notifier.send({who.email, who.username, token, minutes}); !sent.ok()) {
        spdlog::error("cannot deliver password reset mail request_id={}: {}", requestId, sent.error().message);
    }
}

grpc::ServerUnaryReactor* AuthService::ConfirmPasswordReset(Ctx* ctx, const v1::ConfirmPasswordResetRequest* req,
                                                            v1::ConfirmPasswordResetResponse*) {
    return m_rt.unary(ctx, "auth.ConfirmPasswordReset", Access::Public, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkSecretToken("reset_token", req->reset_token()));
        DEVCOLL_CHECK(checkNewPassword("new_password", req->new_password()));
        DEVCOLL_TRY(Attempt counted,
                    attempt(kConfirmAddress, call.peerAddress, m_settings.limits.failedLoginsPerAddress));
        const Error unusable = invalidArgument("reset_token", "is unknown, already used or expired; request a new one");
        // Guessed tokens are refused before the costly hashing.
        DEVCOLL_TRY(bool usable, m_store.resetTokenUsable(req->reset_token()));
        if (!usable) return unusable;
        DEVCOLL_TRY(std::string hash, m_hasher.hash(req->new_password()));
        DEVCOLL_TRY(bool reset, m_store.resetPassword(req->reset_token(), hash, call.requestId));
        if (!reset) return unusable;
        return m_store.forgetAttempt(counted);
    });
}

grpc::ServerUnaryReactor* AuthService::ChangePassword(Ctx* ctx, const v1::ChangePasswordRequest* req,
                                                      v1::ChangePasswordResponse*) {
    return m_rt.unary(ctx, "auth.ChangePassword", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkGivenPassword("current_password", req->current_password()));
        DEVCOLL_CHECK(checkNewPassword("new_password", req->new_password()));
        DEVCOLL_TRY(Credential who, liveCaller(call));
        DEVCOLL_CHECK(recheckPassword(who, req->current_password()));
        DEVCOLL_TRY(std::string hash, m_hasher.hash(req->new_password()));
        return m_store.setPassword(who.userId, hash, call.caller().sessionId);
    });
}

grpc::ServerUnaryReactor* AuthService::VerifyPassword(Ctx* ctx, const v1::VerifyPasswordRequest* req,
                                                      v1::VerifyPasswordResponse*) {
    return m_rt.unary(ctx, "auth.VerifyPassword", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkGivenPassword("password", req->password()));
        DEVCOLL_TRY(Credential who, liveCaller(call));
        return recheckPassword(who, req->password());
    });
}

grpc::ServerUnaryReactor* AuthService::ListSessions(Ctx* ctx, const v1::ListSessionsRequest*,
                                                    v1::ListSessionsResponse* resp) {
    return m_rt.unary(ctx, "auth.ListSessions", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(liveCaller(call));
        DEVCOLL_TRY(auto sessions, m_store.liveSessions(call.caller().userId));
        for (const SessionInfo& s : sessions) {
            auto* out = resp->add_sessions();
            out->set_id(s.id);
            out->set_device_name(s.deviceName);
            *out->mutable_created_at() = toTimestamp(s.createdAt);
            *out->mutable_last_used_at() = toTimestamp(s.lastUsedAt);
            *out->mutable_expires_at() = toTimestamp(s.expiresAt);
            out->set_peer(s.peer);
            out->set_current(s.id == call.caller().sessionId);
        }
        return {};
    });
}

grpc::ServerUnaryReactor* AuthService::RevokeSession(Ctx* ctx, const v1::RevokeSessionRequest* req,
                                                     v1::RevokeSessionResponse*) {
    return m_rt.unary(ctx, "auth.RevokeSession", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUuidV7("session_id", req->session_id()));
        DEVCOLL_CHECK(liveCaller(call));
        DEVCOLL_TRY(bool revoked, m_store.revokeSession(call.caller().userId, req->session_id()));
        if (!revoked) return makeError(ErrorCode::NotFound, "session_id: no such session of yours");
        return {};
    });
}

}  // namespace devcoll::auth
