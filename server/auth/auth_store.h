#pragma once
// AuthStore: the auth service's data (credentials, sessions, refresh and reset tokens, rate
// events) on its own database, and the events its changes publish, in the same transactions.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "devcoll/result.h"
#include "platform/events/outbox_relay.h"
#include "platform/security/access_token.h"
#include "platform/storage/database.h"

namespace devcoll::auth {

struct Credential final {
    std::string userId;
    std::string username;
    std::string displayName;
    std::string email;
    std::string passwordHash;
    std::vector<std::string> roles;
};

struct SessionGrant final {
    std::string sessionId;
    std::string refreshToken;  // the secret, shown once
    std::int64_t refreshExpiresAt = 0;
};

struct SessionInfo final {
    std::string id;
    std::string userId;
    std::string deviceName;
    std::string peer;
    std::int64_t createdAt = 0;
    std::int64_t lastUsedAt = 0;
    std::int64_t expiresAt = 0;
    bool revoked = false;
};

// What presenting a refresh token led to.
struct RefreshOutcome final {
    enum class Kind { Rotated, Unknown, Expired, Reused } kind = Kind::Unknown;
    std::string userId;
    SessionGrant grant;                 // Rotated only
    security::SignedToken accessToken;  // Rotated only
};

// Signs an access token for an account's session, inside the rotation's transaction, so that
// a refresh token is only spent when its answer is complete.
using SignAccess = std::function<Result<security::SignedToken>(const Credential&, const std::string& sessionId)>;

// One counted attempt (see AuthStore::beginAttempt).
struct Attempt final {
    std::string id;
    std::optional<std::int64_t> retryAfterSeconds;  // set when the limit was reached: nothing counted
};

struct SessionRequest final {
    std::string deviceName;
    std::string peer;
    std::string requestId;
};

class AuthStore final {
public:
    AuthStore(storage::Database& db, events::OutboxRelay& relay, std::chrono::seconds refreshLifetime)
        : m_db(db), m_relay(relay), m_refreshLifetime(refreshLifetime) {}

    // Creates the account and its first session; publishes USER_REGISTERED. AlreadyExists names
    // the taken field (username or email).
    Result<SessionGrant> createAccount(const Credential& account, const SessionRequest& session);
    Result<std::optional<Credential>> findByLogin(const std::string& loginLower);
    Result<std::optional<Credential>> findById(const std::string& userId);
    // Adds (`granted`) or removes a role of an account; the account as it is afterwards, or
    // nothing when there is no such account. `account` is a user id, username or e-mail.
    Result<std::optional<Credential>> changeRole(const std::string& account, const std::string& role, bool granted);

    // A new session for a successful login; publishes USER_LOGGED_IN.
    // NotFound when the account was deleted since `who` was read.
    Result<SessionGrant> openSession(const Credential& who, const SessionRequest& session);
    // Spends a refresh token and issues its successor. A spent token presented again ends the
    // session (reuse detection), except within a short grace period while its successor is
    // still unused: a client whose answer got lost may retry.
    Result<RefreshOutcome> rotateRefreshToken(const std::string& refreshToken, const SignAccess& sign);
    // Ends the session of a refresh token, if it exists.
    Status revokeByRefreshToken(const std::string& refreshToken);

    Result<std::optional<SessionInfo>> session(const std::string& sessionId);
    Result<std::vector<SessionInfo>> liveSessions(const std::string& userId);
    // False when the session does not exist or is someone else's.
    Result<bool> revokeSession(const std::string& userId, const std::string& sessionId);
    // Sets a new password hash and ends every session but `keepSessionId` (may be empty).
    Status setPassword(const std::string& userId, const std::string& newHash, const std::string& keepSessionId);

    // A reset token for the account with this e-mail, if one exists.
    Result<std::optional<std::pair<Credential, std::string>>> createResetToken(const std::string& emailLower,
                                                                               std::chrono::seconds lifetime);
    // Spends a reset token and sets the new password, ending every session; false when the
    // token is unknown, used or expired.
    Result<bool> resetPassword(const std::string& resetToken, const std::string& newHash, const std::string& requestId);

    // The USER_DELETED consumer: credentials, sessions and tokens go.
    Status deleteAccount(storage::Tx& tx, const std::string& userId);

    // Whether a reset token may still be used (checked before the expensive hashing).
    Result<bool> resetTokenUsable(const std::string& resetToken);

    // Throttling. Counts an attempt of `bucket` for `subject`, unless `limit` attempts already
    // count within `window` (then nothing is counted and the answer says how long to wait).
    // Counting and recording happen in one locked step, so parallel attempts cannot all slip
    // under the limit. The attempt is recorded before the work it guards: a success takes it
    // back with forgetAttempt, a failure leaves it counting.
    Result<Attempt> beginAttempt(const std::string& bucket, const std::string& subject, int limit,
                                 std::chrono::seconds window);
    Status forgetAttempt(const Attempt& attempt);
    Status clearRateEvents(const std::string& bucket, const std::string& subject);

private:
    Status updatePassword(storage::Tx& tx, const std::string& userId, const std::string& newHash,
                          const std::string& keepSessionId);
    Result<SessionGrant> insertSession(storage::Tx& tx, const std::string& userId, const SessionRequest& request);
    Result<SessionGrant> issueRefreshToken(storage::Tx& tx, const std::string& sessionId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
    std::chrono::seconds m_refreshLifetime;
};

}  // namespace devcoll::auth
