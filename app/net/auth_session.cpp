#include "net/auth_session.h"

#include <google/protobuf/util/time_util.h>

#include <array>
#include <thread>

#include "net/call_error.h"

namespace devcoll::app {
namespace {

namespace av1 = devcoll::auth::v1;
using google::protobuf::util::TimeUtil;

constexpr auto kCallTimeout = std::chrono::seconds(20);
// Refresh this long before the access token expires, so that no call carries a dying one.
constexpr auto kRefreshMargin = std::chrono::seconds(60);

std::unique_ptr<grpc::ClientContext> newContext() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    return context;
}

std::chrono::system_clock::time_point timeOf(const google::protobuf::Timestamp& t) {
    return std::chrono::system_clock::time_point(std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(t)));
}

}  // namespace

AuthSession::AuthSession(std::shared_ptr<grpc::Channel> channel, QObject* parent)
    : QObject(parent), m_channel(channel), m_auth(av1::AuthService::NewStub(channel)) {}

void AuthSession::adopt(Tokens tokens) {
    const QString refresh = QString::fromStdString(tokens.refresh);
    m_tokens = std::move(tokens);
    if (m_remember) notify([this, refresh] { emit refreshTokenChanged(refresh); });
}

// Signals go out from the session's own thread, later: never under m_mutex, and where the
// owner keeps the keychain.
void AuthSession::notify(std::function<void()> emitter) {
    QMetaObject::invokeMethod(this, std::move(emitter), Qt::QueuedConnection);
}

Result<Account> AuthSession::signIn(const QString& login, const QString& password, const QString& deviceName,
                                    bool remember) {
    av1::LoginRequest request;
    request.set_login(login.toStdString());
    request.set_password(password.toStdString());
    request.set_device_name(deviceName.toStdString());
    av1::LoginResponse response;
    const grpc::Status status = m_auth->Login(newContext().get(), request, &response);
    if (!status.ok()) return errorOf(status);
    std::lock_guard lock(m_mutex);
    ++m_session;
    m_remember = remember;
    adopt(Tokens{response.access_token(), response.refresh_token(), timeOf(response.access_token_expires_at())});
    return Account{QString::fromStdString(response.user().id()), QString::fromStdString(response.user().username())};
}

Result<Account> AuthSession::registerAccount(const QString& username, const QString& email, const QString& password,
                                             const QString& displayName, const QString& deviceName, bool remember) {
    av1::RegisterRequest request;
    request.set_username(username.toStdString());
    request.set_email(email.toStdString());
    request.set_password(password.toStdString());
    request.set_display_name(displayName.toStdString());
    request.set_device_name(deviceName.toStdString());
    av1::RegisterResponse response;
    const grpc::Status status = m_auth->Register(newContext().get(), request, &response);
    if (!status.ok()) return errorOf(status);
    std::lock_guard lock(m_mutex);
    ++m_session;
    m_remember = remember;
    adopt(Tokens{response.access_token(), response.refresh_token(), timeOf(response.access_token_expires_at())});
    return Account{QString::fromStdString(response.user().id()), QString::fromStdString(response.user().username())};
}

Result<Account> AuthSession::resume(const QString& refreshToken) {
    std::unique_lock lock(m_mutex);
    m_refreshed.wait(lock, [this] { return !m_refreshing; });
    ++m_session;
    const std::uint64_t session = m_session;
    m_remember = true;
    m_tokens = Tokens{{}, refreshToken.toStdString(), {}};
    // The call runs without the lock, as in accessToken(): other threads asking for a token
    // wait for this refresh instead of spending the same refresh token.
    m_refreshing = true;
    lock.unlock();
    av1::RefreshTokenResponse response;
    const grpc::Status status = refresh(refreshToken.toStdString(), response);
    lock.lock();
    m_refreshing = false;
    m_refreshed.notify_all();
    if (session != m_session) return makeError(ErrorCode::Aborted, "signed in or out meanwhile");
    // Offline, the session stays as it is: the next call refreshes, and the caller works from
    // the replica of the account it remembers meanwhile. A refused token is forgotten.
    if (!status.ok()) {
        if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            m_tokens.reset();
            notify([this] { emit refreshTokenChanged(QString()); });
        }
        return errorOf(status);
    }
    if (response.user_id().empty()) return makeError(ErrorCode::Internal, "the server did not say whose session it is");
    adopt(Tokens{response.access_token(), response.refresh_token(), timeOf(response.access_token_expires_at())});
    return Account{QString::fromStdString(response.user_id()), QString()};
}

grpc::Status AuthSession::refresh(const std::string& refreshToken, av1::RefreshTokenResponse& response) {
    // A refresh token is good once: if the answer to a refresh is lost, only a retry within the
    // server's grace period (30 s) gets the new one; after that the token counts as stolen and
    // the server ends the session. So a refresh that may have reached the server is retried at
    // once, a few times, with short deadlines that all fit within the grace period.
    constexpr auto kRefreshTimeout = std::chrono::seconds(5);
    constexpr std::array kPauses = {std::chrono::milliseconds(500), std::chrono::milliseconds(1000),
                                    std::chrono::milliseconds(2000)};
    av1::RefreshTokenRequest request;
    request.set_refresh_token(refreshToken);
    for (std::size_t attempt = 0;; ++attempt) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + kRefreshTimeout);
        // A retry waits (within its deadline) for the channel to connect again rather than
        // failing at once while the channel waits out its reconnection backoff.
        context.set_wait_for_ready(attempt > 0);
        response.Clear();
        // Only over a connected channel can the request have reached the server; offline (not
        // connected) the call fails at once and is not worth retrying.
        const bool connected = m_channel->GetState(true) == GRPC_CHANNEL_READY;
        const grpc::Status status = m_auth->RefreshToken(&context, request, &response);
        const bool mayHaveArrived =
            status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
            (status.error_code() == grpc::StatusCode::UNAVAILABLE && (connected || attempt > 0));
        if (!mayHaveArrived) return status;
        if (attempt == kPauses.size()) {
            // The last retry waited for the server in vain: it is away, not slow.
            return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server cannot be reached");
        }
        std::this_thread::sleep_for(kPauses[attempt]);
    }
}

std::string AuthSession::accessToken() {
    std::unique_lock lock(m_mutex);
    const auto fresh = [this] { return std::chrono::system_clock::now() + kRefreshMargin < m_tokens->accessExpiresAt; };
    if (!m_tokens) return {};
    if (fresh()) return m_tokens->access;
    if (m_refreshing) {
        // One refresh at a time (a refresh token is good once): wait for the one under way.
        m_refreshed.wait(lock, [this] { return !m_refreshing; });
        return m_tokens ? m_tokens->access : std::string();
    }
    // The refresh call runs without the lock, so signedIn() and signOut() never wait on it.
    m_refreshing = true;
    const std::uint64_t session = m_session;
    const std::string refreshToken = m_tokens->refresh;
    lock.unlock();
    av1::RefreshTokenResponse response;
    const grpc::Status status = refresh(refreshToken, response);
    lock.lock();
    m_refreshing = false;
    if (session == m_session && m_tokens) {  // not signed out or in again meanwhile
        if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            m_tokens.reset();
            const QString why = QString::fromStdString(status.error_message());
            notify([this, why] { emit signedOut(why); });
        } else if (status.ok()) {
            adopt(
                Tokens{response.access_token(), response.refresh_token(), timeOf(response.access_token_expires_at())});
        }
        // Offline, a refresh fails for now: the old token is still tried (the server says if
        // it is too old), and the next call refreshes again.
    }
    m_refreshed.notify_all();
    return m_tokens ? m_tokens->access : std::string();
}

bool AuthSession::signedIn() const {
    std::lock_guard lock(m_mutex);
    return m_tokens.has_value();
}

void AuthSession::signOut() {
    std::optional<Tokens> tokens;
    {
        std::lock_guard lock(m_mutex);
        ++m_session;
        tokens.swap(m_tokens);
    }
    if (!tokens) return;
    av1::LogoutRequest request;
    request.set_refresh_token(tokens->refresh);
    av1::LogoutResponse response;
    // Best effort: offline, the session ends when its refresh token expires.
    (void)m_auth->Logout(newContext().get(), request, &response);
    if (m_remember) notify([this] { emit refreshTokenChanged(QString()); });
}

}  // namespace devcoll::app
