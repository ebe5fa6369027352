#pragma once
// SqlCatalog: a service's SQL, read from the .sql files embedded at build time.
//
//   queries.sql                  named queries both engines run ("-- name: insert_session")
//   sqlite/queries.sql           engine-specific versions of some of those names, which win
//   postgres/queries.sql
//   migrations/V001__create_sessions.sql          numbered migrations both engines run
//   migrations/postgres/V001__create_sessions.sql  an engine's own version of one, where they differ
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"
#include "platform/storage/connection.h"

namespace devcoll::storage {

struct Migration final {
    int version = 0;
    std::string name;  // file name, e.g. V001__create_sessions.sql
    std::string sql;
};

class SqlCatalog final {
public:
    // `files` is the generated map of relative path to text (see cmake/DevcollEmbed.cmake).
    static Result<SqlCatalog> load(const std::map<std::string, std::string>& files, Engine engine);

    // The query text for `name`; an error names the missing query.
    Result<std::string_view> query(std::string_view name) const;
    const std::vector<Migration>& migrations() const { return m_migrations; }

private:
    std::map<std::string, std::string, std::less<>> m_queries;
    std::vector<Migration> m_migrations;
};

}  // namespace devcoll::storage
