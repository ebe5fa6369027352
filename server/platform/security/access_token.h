#pragma once
// Access tokens: ES256 JWTs with iss, aud, sub (user id), sid (session id), roles, iat and exp,
// and the signing key's id in the header. Signed by auth; verified locally by every service.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "devcoll/result.h"
#include "platform/security/key_store.h"

namespace devcoll::security {

inline constexpr const char* kTokenIssuer = "devcoll-auth";
inline constexpr const char* kTokenAudience = "devcoll";

// Who is calling, as an access token proves.
struct Principal final {
    std::string userId;
    std::string sessionId;
    std::vector<std::string> roles;
    std::int64_t expiresAtMicros = 0;

    bool hasRole(std::string_view role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }
};

// The role of operators: whoever may read every service's data (reindex, admin commands).
inline constexpr std::string_view kAdminRole = "admin";
// The role of moderators: whoever may act on reports, hide content and suspend accounts.
inline constexpr std::string_view kModeratorRole = "moderator";
// Every role an account may hold (besides being a user, which every account is).
inline constexpr std::string_view kGrantableRoles[] = {kModeratorRole, kAdminRole};

struct SignedToken final {
    std::string token;
    std::int64_t expiresAtMicros = 0;
};

class AccessTokens final {
public:
    AccessTokens(KeyStore& keys, std::chrono::seconds lifetime) : m_keys(keys), m_lifetime(lifetime) {}

    Result<SignedToken> sign(const std::string& userId, const std::string& sessionId,
                             const std::vector<std::string>& roles);

    // Checks signature (ES256 only, known kid), issuer, audience, expiry, and the presence of
    // sub and sid. Every failure is Unauthenticated with a short reason.
    Result<Principal> verify(const std::string& token);

    std::chrono::seconds lifetime() const { return m_lifetime; }

private:
    Result<Principal> verifyUncached(const std::string& token);

    KeyStore& m_keys;
    std::chrono::seconds m_lifetime;
    // Verified tokens, so that a client's every call does not pay for an ECDSA verification.
    // A token never changes, so its verdict holds until it expires. Bounded: cleared when full.
    static constexpr std::size_t kCacheCapacity = 20'000;
    std::mutex m_cacheMutex;
    std::unordered_map<std::string, Principal> m_cache;
};

}  // namespace devcoll::security
