#include "platform/security/access_token.h"

#include <jwt/jwt.hpp>

#include "platform/clock.h"

namespace devcoll::security {
namespace {

Error unauthenticated(const std::string& reason) {
    return makeError(ErrorCode::Unauthenticated, "access token rejected: " + reason);
}

constexpr std::size_t kMaxTokenBytes = 4096;

}  // namespace

Result<SignedToken> AccessTokens::sign(const std::string& userId, const std::string& sessionId,
                                       const std::vector<std::string>& roles) {
    DEVCOLL_TRY(const SigningKey key, m_keys.signingKey());
    const auto now = std::chrono::system_clock::now();
    const auto expires = now + m_lifetime;
    try {
        jwt::jwt_object obj{jwt::params::algorithm("ES256"), jwt::params::secret(key.privatePem)};
        obj.header().add_header("kid", key.kid);
        obj.add_claim("iss", kTokenIssuer)
            .add_claim("aud", kTokenAudience)
            .add_claim("sub", userId)
            .add_claim("sid", sessionId)
            .add_claim("iat", now)
            .add_claim("exp", expires);
        obj.payload().add_claim("roles", roles);
        std::error_code ec;
        std::string token = obj.signature(ec);
        if (ec) return makeError(ErrorCode::Internal, "cannot sign access token: " + ec.message());
        return SignedToken{std::move(token),
                           std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::time_point_cast<std::chrono::seconds>(expires).time_since_epoch())
                               .count()};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("cannot sign access token: ") + e.what());
    }
}

Result<Principal> AccessTokens::verify(const std::string& token) {
    const std::int64_t now = nowMicros();
    {
        std::lock_guard lock(m_cacheMutex);
        const auto it = m_cache.find(token);
        if (it != m_cache.end()) {
            if (it->second.expiresAtMicros > now) return it->second;
            m_cache.erase(it);
            return unauthenticated("expired");
        }
    }
    DEVCOLL_TRY(Principal principal, verifyUncached(token));
    std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() >= kCacheCapacity) m_cache.clear();
    m_cache.emplace(token, principal);
    return principal;
}

Result<Principal> AccessTokens::verifyUncached(const std::string& token) {
    if (token.empty()) return unauthenticated("missing");
    if (token.size() > kMaxTokenBytes) return unauthenticated("too long");
    try {
        // First read the header without trusting it, to choose the key by its kid.
        std::error_code ec;
        auto unverified = jwt::decode(token, jwt::params::algorithms({"ES256"}), ec, jwt::params::verify(false));
        if (ec) return unauthenticated("malformed");
        if (unverified.header().algo() != jwt::algorithm::ES256) return unauthenticated("algorithm not allowed");
        const auto& headerJson = unverified.header().create_json_obj();
        if (!headerJson.contains("kid") || !headerJson["kid"].is_string()) return unauthenticated("no key id");
        const auto key = m_keys.verificationKey(headerJson["kid"].get<std::string>());
        if (!key) return unauthenticated("unknown or retired key");

        auto verified =
            jwt::decode(token, jwt::params::algorithms({"ES256"}), ec, jwt::params::secret(*key),
                        jwt::params::issuer(kTokenIssuer), jwt::params::aud(kTokenAudience), jwt::params::verify(true));
        if (ec == jwt::VerificationErrc::TokenExpired) return unauthenticated("expired");
        if (ec) return unauthenticated(ec.message());
        const auto& claims = verified.payload().create_json_obj();
        for (const char* required : {"exp", "sub", "sid", "iss", "aud"}) {
            if (!claims.contains(required)) return unauthenticated(std::string("no ") + required + " claim");
        }
        if (!claims["sub"].is_string() || !claims["sid"].is_string() || !claims["exp"].is_number_integer()) {
            return unauthenticated("malformed claims");
        }
        Principal p;
        p.userId = claims["sub"].get<std::string>();
        p.sessionId = claims["sid"].get<std::string>();
        p.expiresAtMicros = claims["exp"].get<std::int64_t>() * kMicrosPerSecond;
        if (claims.contains("roles") && claims["roles"].is_array()) {
            for (const auto& r : claims["roles"]) {
                if (r.is_string()) p.roles.push_back(r.get<std::string>());
            }
        }
        return p;
    } catch (const std::exception& e) {
        return unauthenticated("malformed");
    }
}

}  // namespace devcoll::security
