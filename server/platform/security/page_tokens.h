#pragma once
// PageTokens: opaque, tamper-checked page tokens. A token is base64url(payload || MAC), the MAC
// keyed with a secret from the keys directory, so a client can neither forge a position nor
// reuse a token of one list for another (the payload names its list).
#include <memory>
#include <string>

#include "devcoll/result.h"

namespace devcoll::security {

class PageTokens final {
public:
    // Reads <directory>/page-token.secret, creating it (0600) on first start.
    static Result<std::unique_ptr<PageTokens>> load(const std::string& directory);

    std::string seal(const std::string& payload) const;
    // The payload of a token this server sealed; InvalidArgument naming `field` otherwise.
    Result<std::string> open(const std::string& token, const std::string& field) const;

private:
    explicit PageTokens(std::string key) : m_key(std::move(key)) {}
    std::string m_key;
};

}  // namespace devcoll::security
