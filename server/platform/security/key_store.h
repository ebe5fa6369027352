#pragma once
// KeyStore: the ES256 (P-256) key pairs that sign and verify access tokens, kept as PEM files
// in a directory (mode 0700, files 0600): <kid>.key (PKCS#8 private key) and <kid>.pub (SPKI).
// Key ids are UUIDv7, so the newest key is the greatest id. The newest key signs; older keys
// keep verifying until every token they signed has expired. Every process of a deployment
// reads the same directory; only auth needs the private keys.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "devcoll/result.h"

namespace devcoll::security {

struct SigningKey final {
    std::string kid;
    std::string privatePem;
};

class KeyStore final {
public:
    // Loads the keys in `directory`, creating the directory and a first key pair if there are none.
    static Result<std::unique_ptr<KeyStore>> open(const std::string& directory, std::chrono::seconds tokenLifetime);
    // Loads the keys in `directory` without creating any (NotFound if there are none): for
    // operator tools, which must sign with the deployment's own key.
    static Result<std::unique_ptr<KeyStore>> openExisting(const std::string& directory,
                                                          std::chrono::seconds tokenLifetime);

    // Creates a new signing key (rotation) and removes keys retired long ago. Returns the new kid.
    static Result<std::string> rotate(const std::string& directory, std::chrono::seconds tokenLifetime);

    // The newest key; re-reads the directory at most once a minute so a rotation is picked up.
    Result<SigningKey> signingKey();
    // The public key for `kid`, if it exists and may still verify tokens.
    std::optional<std::string> verificationKey(const std::string& kid);

private:
    explicit KeyStore(std::string directory, std::chrono::seconds lifetime)
        : m_directory(std::move(directory)), m_lifetime(lifetime) {}
    Status reload();

    struct KeyPair {
        std::string privatePem;  // empty when only the public half is present
        std::string publicPem;
    };

    std::string m_directory;
    std::chrono::seconds m_lifetime;
    std::mutex m_mutex;
    std::map<std::string, KeyPair> m_keys;  // by kid, oldest first
    std::chrono::steady_clock::time_point m_loadedAt;
};

}  // namespace devcoll::security
