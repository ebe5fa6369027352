#include "platform/security/secret_tokens.h"

#include <sodium.h>

#include "devcoll/ids.h"

namespace devcoll::security {

std::string newSecretToken(std::string_view prefix) { return std::string(prefix) + randomHex(32); }

std::string hashSecretToken(std::string_view token) {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace devcoll::security
