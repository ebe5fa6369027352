#include "auth/password_hasher.h"

#include <sodium.h>

#include <stdexcept>

namespace devcoll::auth {
namespace {
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19 * 1024 * 1024;
}  // namespace

PasswordHasher::PasswordHasher() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    auto dummy = hash("devcoll-dummy-password-for-timing");
    if (!dummy.ok()) throw std::runtime_error(dummy.error().message);
    m_dummyHash = std::move(dummy).value();
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return makeError(ErrorCode::Unavailable, "out of memory while hashing a password");
    }
    return std::string(out);
}

bool PasswordHasher::verify(std::string_view password, const std::string& storedHash) const {
    return crypto_pwhash_str_verify(storedHash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verifyDummy(std::string_view password) const { (void)verify(password, m_dummyHash); }

}  // namespace devcoll::auth
