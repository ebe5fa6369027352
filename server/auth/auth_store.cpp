#include "auth/auth_store.h"

#include <algorithm>

#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"
#include "platform/security/secret_tokens.h"
#include "platform/storage/text_list.h"

namespace devcoll::auth {
namespace {

using events::v1::EventType;
using storage::Row;
using storage::Tx;

Credential credentialFrom(const Row& r) {
    return Credential{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), storage::splitList(r.text(5))};
}

SessionInfo sessionFrom(const Row& r) {
    return SessionInfo{r.text(0),    r.text(1),    r.text(2),    r.text(3),
                       r.integer(4), r.integer(5), r.integer(6), !r.isNull(7)};
}

Result<std::optional<Credential>> oneCredential(Result<storage::Rows> rows) {
    if (!rows.ok()) return rows.takeError();
    if (rows->empty()) return std::optional<Credential>{};
    return std::optional<Credential>(credentialFrom((*rows)[0]));
}

}  // namespace

Result<SessionGrant> AuthStore::issueRefreshToken(Tx& tx, const std::string& sessionId) {
    const std::int64_t now = nowMicros();
    const std::int64_t expires = now + m_refreshLifetime.count() * kMicrosPerSecond;
    std::string token = security::newSecretToken("rt_");
    DEVCOLL_CHECK(tx.run("insert_refresh_token", {security::hashSecretToken(token), sessionId, now, expires}));
    DEVCOLL_CHECK(tx.run("touch_session", {sessionId, now, expires}));
    return SessionGrant{sessionId, std::move(token), expires};
}

Result<SessionGrant> AuthStore::insertSession(Tx& tx, const std::string& userId, const SessionRequest& request) {
    const std::string sessionId = newUuidV7();
    const std::int64_t now = nowMicros();
    DEVCOLL_CHECK(tx.run("insert_session", {sessionId, userId, request.deviceName, request.peer, now,
                                            now + m_refreshLifetime.count() * kMicrosPerSecond}));
    return issueRefreshToken(tx, sessionId);
}

Result<SessionGrant> AuthStore::createAccount(const Credential& a, const SessionRequest& request) {
    return m_db.transact([&](Tx& tx) -> Result<SessionGrant> {
        const std::int64_t now = nowMicros();
        const std::string usernameLower = asciiLower(a.username);
        const std::string emailLower = asciiLower(a.email);
        DEVCOLL_TRY(auto inserted,
                    tx.run("insert_credential", {a.userId, a.username, usernameLower, a.email, emailLower,
                                                 a.displayName, a.passwordHash, storage::joinList(a.roles), now}));
        if (inserted.affected == 0) {
            DEVCOLL_TRY(auto taken, tx.run("credential_taken", {usernameLower, emailLower}));
            const std::string field = taken.empty() ? "username" : taken[0].text(0);
            return Error{ErrorCode::AlreadyExists,
                         field == "username" ? "username: is already taken" : "email: is already registered",
                         field,
                         {}};
        }
        DEVCOLL_TRY(SessionGrant grant, insertSession(tx, a.userId, request));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_REGISTERED, a.userId, 1, "auth");
        event.set_request_id(request.requestId);
        auto* payload = event.mutable_user_registered();
        payload->set_user_id(a.userId);
        payload->set_username(a.username);
        payload->set_email(a.email);
        payload->set_display_name(a.displayName);
        *payload->mutable_created_at() = toTimestamp(now);
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return grant;
    });
}

Result<std::optional<Credential>> AuthStore::findByLogin(const std::string& loginLower) {
    return m_db.read([&](Tx& tx) { return oneCredential(tx.run("credential_by_login", {loginLower})); });
}

Result<std::optional<Credential>> AuthStore::findById(const std::string& userId) {
    return m_db.read([&](Tx& tx) { return oneCredential(tx.run("credential_by_id", {userId})); });
}

Result<std::optional<Credential>> AuthStore::changeRole(const std::string& account, const std::string& role,
                                                        bool granted) {
    return m_db.transact([&](Tx& tx) -> Result<std::optional<Credential>> {
        DEVCOLL_TRY(auto who, oneCredential(tx.run("credential_by_id", {account})));
        if (!who) {
            DEVCOLL_TRY(who, oneCredential(tx.run("credential_by_login", {asciiLower(account)})));
        }
        if (!who) return who;
        auto& roles = who->roles;
        const auto it = std::find(roles.begin(), roles.end(), role);
        if (granted && it == roles.end()) roles.push_back(role);
        if (!granted && it != roles.end()) roles.erase(it);
        DEVCOLL_CHECK(tx.run("update_roles", {who->userId, storage::joinList(roles)}));
        // Moderation follows roles: a moderator cannot suspend their peers or an admin.
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_ROLES_CHANGED, who->userId, 0, "auth");
        auto* payload = event.mutable_user_roles_changed();
        payload->set_user_id(who->userId);
        for (const auto& r : roles) payload->add_roles(r);
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return who;
    });
}

Result<SessionGrant> AuthStore::openSession(const Credential& who, const SessionRequest& request) {
    return m_db.transact([&](Tx& tx) -> Result<SessionGrant> {
        // The account may have been deleted since its password was checked (USER_DELETED
        // removes the credentials): that login finds nobody, as it would a moment later. The
        // row is locked, so that a deletion cannot slip in before the session is written.
        DEVCOLL_TRY(auto stillThere, tx.run("lock_credential", {who.userId}));
        if (stillThere.empty()) return makeError(ErrorCode::NotFound, "the account no longer exists");
        DEVCOLL_TRY(SessionGrant grant, insertSession(tx, who.userId, request));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_LOGGED_IN, who.userId, 0, "auth");
        event.set_request_id(request.requestId);
        auto* payload = event.mutable_user_logged_in();
        payload->set_user_id(who.userId);
        payload->set_session_id(grant.sessionId);
        payload->set_device_name(request.deviceName);
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return grant;
    });
}

Result<RefreshOutcome> AuthStore::rotateRefreshToken(const std::string& refreshToken, const SignAccess& sign) {
    // A client that lost the answer to a refresh may retry with the same token this long.
    constexpr std::int64_t kRetryGraceMicros = 30 * kMicrosPerSecond;
    const std::string hash = security::hashSecretToken(refreshToken);
    return m_db.transact([&](Tx& tx) -> Result<RefreshOutcome> {
        const std::int64_t now = nowMicros();
        DEVCOLL_TRY(auto rows, tx.run("refresh_token_by_hash", {hash}));
        if (rows.empty()) return RefreshOutcome{};
        const Row& r = rows[0];
        RefreshOutcome outcome;
        outcome.userId = r.text(3);
        const std::string sessionId = r.text(0);
        if (!r.isNull(4) || r.integer(1) <= now || r.integer(5) <= now) {
            outcome.kind = RefreshOutcome::Kind::Expired;  // ended (logout, revoke, reuse) or too old
            return outcome;
        }
        std::string spentHash = hash;
        DEVCOLL_TRY(auto spent, tx.run("spend_refresh_token", {hash, now}));
        if (spent.affected == 0) {
            // Spent before. A retry within the grace period whose successor nobody used yet
            // replaces that successor; anything else means someone holds a copy of the token.
            const bool retry = !r.isNull(2) && now - r.integer(2) < kRetryGraceMicros && !r.isNull(6);
            bool successorUnused = false;
            if (retry) {
                DEVCOLL_TRY(auto successor, tx.run("spend_refresh_token", {r.text(6), now}));
                successorUnused = successor.affected == 1;
            }
            if (!successorUnused) {
                // End the whole session, and commit that even though the caller gets an error.
                DEVCOLL_CHECK(tx.run("revoke_session", {sessionId, now}));
                outcome.kind = RefreshOutcome::Kind::Reused;
                return outcome;
            }
            spentHash = r.text(6);
        }
        DEVCOLL_TRY(auto who, tx.run("credential_by_id", {outcome.userId}));
        if (who.empty()) return outcome;  // account deleted meanwhile: Unknown
        DEVCOLL_TRY(outcome.accessToken, sign(credentialFrom(who[0]), sessionId));
        DEVCOLL_TRY(outcome.grant, issueRefreshToken(tx, sessionId));
        DEVCOLL_CHECK(tx.run("link_refresh_token", {spentHash, security::hashSecretToken(outcome.grant.refreshToken)}));
        outcome.kind = RefreshOutcome::Kind::Rotated;
        return outcome;
    });
}

Status AuthStore::revokeByRefreshToken(const std::string& refreshToken) {
    const std::string hash = security::hashSecretToken(refreshToken);
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(auto rows, tx.run("refresh_token_by_hash", {hash}));
        if (rows.empty()) return {};
        DEVCOLL_CHECK(tx.run("revoke_session", {rows[0].text(0), nowMicros()}));
        return {};
    });
}

Result<std::optional<SessionInfo>> AuthStore::session(const std::string& sessionId) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<SessionInfo>> {
        DEVCOLL_TRY(auto rows, tx.run("session_by_id", {sessionId}));
        if (rows.empty()) return std::optional<SessionInfo>{};
        return std::optional<SessionInfo>(sessionFrom(rows[0]));
    });
}

Result<std::vector<SessionInfo>> AuthStore::liveSessions(const std::string& userId) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<SessionInfo>> {
        DEVCOLL_TRY(auto rows, tx.run("live_sessions_of_user", {userId, nowMicros()}));
        std::vector<SessionInfo> out;
        for (const auto& r : rows) out.push_back(sessionFrom(r));
        return out;
    });
}

Result<bool> AuthStore::revokeSession(const std::string& userId, const std::string& sessionId) {
    return m_db.transact([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto rows, tx.run("session_by_id", {sessionId}));
        if (rows.empty() || rows[0].text(1) != userId) return false;
        DEVCOLL_CHECK(tx.run("revoke_session", {sessionId, nowMicros()}));
        return true;
    });
}

Status AuthStore::updatePassword(Tx& tx, const std::string& userId, const std::string& newHash,
                                 const std::string& keepSessionId) {
    const std::int64_t now = nowMicros();
    DEVCOLL_TRY(auto updated, tx.run("update_password", {userId, newHash, now}));
    if (updated.affected == 0) return makeError(ErrorCode::NotFound, "account no longer exists");
    DEVCOLL_CHECK(tx.run("revoke_sessions_of_user_except", {userId, keepSessionId, now}));
    DEVCOLL_CHECK(tx.run("delete_reset_tokens_of_user", {userId}));
    return {};
}

Status AuthStore::setPassword(const std::string& userId, const std::string& newHash, const std::string& keepSessionId) {
    return m_db.transact([&](Tx& tx) { return updatePassword(tx, userId, newHash, keepSessionId); });
}

Result<std::optional<std::pair<Credential, std::string>>> AuthStore::createResetToken(const std::string& emailLower,
                                                                                      std::chrono::seconds lifetime) {
    using Out = std::optional<std::pair<Credential, std::string>>;
    return m_db.transact([&](Tx& tx) -> Result<Out> {
        DEVCOLL_TRY(auto rows, tx.run("credential_by_email", {emailLower}));
        if (rows.empty()) return Out{};
        Credential who = credentialFrom(rows[0]);
        std::string token = security::newSecretToken("rs_");
        const std::int64_t now = nowMicros();
        DEVCOLL_CHECK(tx.run("insert_reset_token", {security::hashSecretToken(token), who.userId, now,
                                                    now + lifetime.count() * kMicrosPerSecond}));
        return Out(std::make_pair(std::move(who), std::move(token)));
    });
}

Result<bool> AuthStore::resetPassword(const std::string& resetToken, const std::string& newHash,
                                      const std::string& requestId) {
    const std::string hash = security::hashSecretToken(resetToken);
    return m_db.transact([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto spent, tx.run("spend_reset_token", {hash, nowMicros()}));
        if (spent.affected == 0) return false;
        DEVCOLL_TRY(auto rows, tx.run("reset_token_user", {hash}));
        if (rows.empty()) return false;
        const std::string userId = rows[0].text(0);
        DEVCOLL_CHECK(updatePassword(tx, userId, newHash, ""));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_PASSWORD_RESET, userId, 0, "auth");
        event.set_request_id(requestId);
        event.mutable_password_reset()->set_user_id(userId);
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return true;
    });
}

Status AuthStore::deleteAccount(Tx& tx, const std::string& userId) {
    DEVCOLL_CHECK(tx.run("delete_credential", {userId}));
    return {};
}

Result<bool> AuthStore::resetTokenUsable(const std::string& resetToken) {
    return m_db.read([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto rows, tx.run("reset_token_usable", {security::hashSecretToken(resetToken), nowMicros()}));
        return !rows.empty();
    });
}

Result<Attempt> AuthStore::beginAttempt(const std::string& bucket, const std::string& subject, int limit,
                                        std::chrono::seconds window) {
    return m_db.transact([&](Tx& tx) -> Result<Attempt> {
        const std::int64_t now = nowMicros();
        const std::int64_t windowMicros = window.count() * kMicrosPerSecond;
        DEVCOLL_CHECK(tx.run("lock_rate_subject", {bucket, subject}));
        DEVCOLL_TRY(auto rows, tx.run("count_rate_events", {bucket, subject, now - windowMicros}));
        Attempt attempt;
        if (!rows.empty() && rows[0].integer(0) >= limit) {
            const std::int64_t waitMicros = rows[0].integer(1) + windowMicros - now;
            attempt.retryAfterSeconds = std::max<std::int64_t>(1, waitMicros / kMicrosPerSecond + 1);
            return attempt;
        }
        attempt.id = newUuidV7();
        DEVCOLL_CHECK(tx.run("insert_rate_event", {bucket, subject, now, attempt.id}));
        // Keep the table small: events older than a day never count.
        DEVCOLL_CHECK(tx.run("prune_rate_events", {now - 24 * 3600 * kMicrosPerSecond}));
        return attempt;
    });
}

Status AuthStore::forgetAttempt(const Attempt& attempt) {
    if (attempt.id.empty()) return {};
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_CHECK(tx.run("delete_rate_event", {attempt.id}));
        return {};
    });
}

Status AuthStore::clearRateEvents(const std::string& bucket, const std::string& subject) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_CHECK(tx.run("clear_rate_events", {bucket, subject}));
        return {};
    });
}

}  // namespace devcoll::auth
