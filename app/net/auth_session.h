#pragma once
// AuthSession: the signed-in account of this app and its tokens. Calls to the server take
// their access token from accessToken(), which any thread may call: it refreshes the token
// when it has less than a minute left (with the refresh token, which the server rotates on
// every use). When the server refuses the session (revoked on another device, expired, or
// the password changed) the session ends and signedOut() says why; the replica and its
// unsent actions stay for the next sign-in.
//
// The refresh token is the one long-lived secret: when the user asked to be remembered,
// every new one is handed out through refreshTokenChanged() for the owner to keep in the OS
// keychain (SecretStore), and resume() starts from it at the next launch.
#include <grpcpp/grpcpp.h>

#include <QObject>
#include <QString>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/result.h"

namespace devcoll::app {

struct Account final {
    QString userId;
    QString username;  // empty after resume(): the replica's profile has it
};

class AuthSession final : public QObject {
    Q_OBJECT

public:
    explicit AuthSession(std::shared_ptr<grpc::Channel> channel, QObject* parent = nullptr);

    // These block on the network: call them off the GUI thread. Errors carry the server's
    // words (a wrong password is Unauthenticated, too many attempts ResourceExhausted).
    Result<Account> signIn(const QString& login, const QString& password, const QString& deviceName, bool remember);
    // A new account, signed in at once. The server's checks come back as InvalidArgument naming
    // the field, a name or address in use as AlreadyExists.
    Result<Account> registerAccount(const QString& username, const QString& email, const QString& password,
                                    const QString& displayName, const QString& deviceName, bool remember);
    // From a kept refresh token. Offline (Unavailable) the session is kept and refreshes at
    // the next call; a refused token (Unauthenticated) ends it and is forgotten
    // (refreshTokenChanged with an empty token).
    Result<Account> resume(const QString& refreshToken);
    // Ends the session on the server (best effort when offline) and here.
    void signOut();

    // The access token for the next call, refreshed as needed; empty once signed out.
    std::string accessToken();
    bool signedIn() const;

signals:
    void refreshTokenChanged(const QString& refreshToken);
    // The session ended without the user asking (revoked, expired): sign in again.
    void signedOut(const QString& why);

private:
    struct Tokens final {
        std::string access;
        std::string refresh;
        std::chrono::system_clock::time_point accessExpiresAt;
    };
    // One refresh call, retried at once while its answer may have been lost.
    grpc::Status refresh(const std::string& refreshToken, auth::v1::RefreshTokenResponse& response);
    void adopt(Tokens tokens);
    void notify(std::function<void()> emitter);

    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<auth::v1::AuthService::Stub> m_auth;
    mutable std::mutex m_mutex;
    std::condition_variable m_refreshed;
    std::optional<Tokens> m_tokens;
    bool m_remember = false;
    bool m_refreshing = false;    // a refresh call is under way (without the lock)
    std::uint64_t m_session = 0;  // counts sign-ins and sign-outs: a refresh answer for an
                                  // earlier session is dropped
};

}  // namespace devcoll::app
