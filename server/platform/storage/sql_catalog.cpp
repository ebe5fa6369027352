#include "platform/storage/sql_catalog.h"

#include <regex>
#include <sstream>

namespace devcoll::storage {
namespace {

// Splits a queries file into its "-- name: x" blocks.
Status parseQueries(const std::string& path, const std::string& text,
                    std::map<std::string, std::string, std::less<>>& out) {
    static const std::regex header(R"(^--\s*name:\s*([a-z0-9_]+)\s*$)");
    std::istringstream in(text);
    std::string line;
    std::string current;
    std::string body;
    const auto flush = [&] {
        if (!current.empty()) out[current] = body;
        body.clear();
    };
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, header)) {
            flush();
            current = m[1];
            continue;
        }
        if (current.empty()) {
            if (line.find_first_not_of(" \t") != std::string::npos && line.rfind("--", 0) != 0) {
                return makeError(ErrorCode::Internal, path + ": SQL before the first '-- name:' line");
            }
            continue;
        }
        body += line;
        body += '\n';
    }
    flush();
    return {};
}

}  // namespace

Result<SqlCatalog> SqlCatalog::load(const std::map<std::string, std::string>& files, Engine engine) {
    SqlCatalog catalog;
    const std::string engineDir(engineName(engine));
    if (auto it = files.find("queries.sql"); it != files.end()) {
        DEVCOLL_CHECK(parseQueries(it->first, it->second, catalog.m_queries));
    }
    if (auto it = files.find(engineDir + "/queries.sql"); it != files.end()) {
        DEVCOLL_CHECK(parseQueries(it->first, it->second, catalog.m_queries));
    }
    // Migrations both engines run are in migrations/; an engine's own version of a migration
    // (same number) in migrations/<engine>/ takes its place.
    static const std::regex migrationName(R"(^V(\d{3})__[a-z0-9_]+\.sql$)");
    std::map<int, Migration> byVersion;
    for (const std::string& prefix : {std::string("migrations/"), "migrations/" + engineDir + "/"}) {
        for (const auto& [path, text] : files) {
            if (path.rfind(prefix, 0) != 0) continue;
            const std::string file = path.substr(prefix.size());
            if (file.find('/') != std::string::npos) continue;  // another engine's folder
            std::smatch m;
            if (!std::regex_match(file, m, migrationName)) {
                return makeError(ErrorCode::Internal, "migration file name not of the form V001__name.sql: " + path);
            }
            const int version = std::stoi(m[1]);
            byVersion[version] = Migration{version, file, text};
        }
    }
    for (auto& [version, migration] : byVersion) catalog.m_migrations.push_back(std::move(migration));
    for (std::size_t i = 0; i < catalog.m_migrations.size(); ++i) {
        if (catalog.m_migrations[i].version != static_cast<int>(i) + 1) {
            return makeError(ErrorCode::Internal, "migrations of " + engineDir +
                                                      " are not numbered 1, 2, 3...: " + catalog.m_migrations[i].name);
        }
    }
    return catalog;
}

Result<std::string_view> SqlCatalog::query(std::string_view name) const {
    const auto it = m_queries.find(name);
    if (it == m_queries.end()) return makeError(ErrorCode::Internal, "no SQL query named " + std::string(name));
    return std::string_view(it->second);
}

}  // namespace devcoll::storage
