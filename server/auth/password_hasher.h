#pragma once
// Password hashing with argon2id (libsodium's crypto_pwhash_str), at OWASP's minimum of
// 19 MiB and 2 iterations. Slow on purpose (~20 ms): call it on a worker, never while holding
// a database connection.
#include <string>
#include <string_view>

#include "devcoll/result.h"

namespace devcoll::auth {

class PasswordHasher final {
public:
    PasswordHasher();

    Result<std::string> hash(std::string_view password) const;
    bool verify(std::string_view password, const std::string& storedHash) const;
    // Spends the time of one verification, for logins of unknown accounts, so that the
    // answer's timing does not tell whether an account exists.
    void verifyDummy(std::string_view password) const;

private:
    std::string m_dummyHash;
};

}  // namespace devcoll::auth
