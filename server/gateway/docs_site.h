#pragma once
// DocsSite: Swagger UI at /docs, from npm's swagger-ui-dist files, served locally (no CDN)
// with devcoll's own page and initializer, which point it at /openapi.json.
#include <map>
#include <string>
#include <string_view>

namespace devcoll::gateway {

struct StaticFile final {
    std::string contentType;
    std::string body;
};

class DocsSite final {
public:
    // Reads Swagger UI's files from `directory` once. Missing files leave the site empty, and
    // missing() says why.
    explicit DocsSite(const std::string& directory);

    // The file at `path` under /docs/ ("" is the page itself); nothing for any other name.
    const StaticFile* file(std::string_view path) const;
    // Why /docs has nothing to show; empty when it does.
    const std::string& missing() const { return m_missing; }

private:
    std::map<std::string, StaticFile, std::less<>> m_files;
    std::string m_missing;
};

}  // namespace devcoll::gateway
