#include "gateway/docs_site.h"

#include <fstream>
#include <sstream>

namespace devcoll::gateway {
namespace {

constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>devcoll HTTP API</title>
  <link rel="stylesheet" href="swagger-ui.css">
  <link rel="icon" type="image/png" href="favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="swagger-ui-bundle.js"></script>
  <script src="swagger-initializer.js"></script>
</body>
</html>
)html";

constexpr std::string_view kInitializer = R"js(window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
)js";

// The files of swagger-ui-dist the page uses, and their types.
constexpr std::pair<std::string_view, std::string_view> kDistFiles[] = {
    {"swagger-ui.css", "text/css; charset=utf-8"},
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {"favicon-32x32.png", "image/png"},
    {"favicon-16x16.png", "image/png"},
};

}  // namespace

DocsSite::DocsSite(const std::string& directory) {
    if (directory.empty()) {
        m_missing = "Swagger UI is not configured (--http-docs-dir)";
        return;
    }
    for (const auto& [name, type] : kDistFiles) {
        const std::string path = directory + "/" + std::string(name);
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            m_missing = "Swagger UI's files are missing (" + path + "): run scripts/install-deps";
            m_files.clear();
            return;
        }
        std::ostringstream bytes;
        bytes << in.rdbuf();
        m_files.emplace(std::string(name), StaticFile{std::string(type), std::move(bytes).str()});
    }
    m_files.emplace("", StaticFile{"text/html; charset=utf-8", std::string(kPage)});
    m_files.emplace("index.html", StaticFile{"text/html; charset=utf-8", std::string(kPage)});
    m_files.emplace("swagger-initializer.js", StaticFile{"text/javascript; charset=utf-8", std::string(kInitializer)});
}

const StaticFile* DocsSite::file(std::string_view path) const {
    const auto it = m_files.find(path);
    return it == m_files.end() ? nullptr : &it->second;
}

}  // namespace devcoll::gateway
