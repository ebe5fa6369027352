#include "platform/storage/migrator.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace devcoll::storage {

Status migrate(Connection& c, const std::string& databaseName, const std::vector<Migration>& migrations) {
    DEVCOLL_CHECK(
        c.execScript("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at BIGINT NOT NULL)"));
    for (const Migration& m : migrations) {
        DEVCOLL_CHECK(c.begin(Connection::Mode::Write));
        auto applied = c.exec("SELECT version FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}});
        if (!applied.ok()) {
            c.rollback();
            return applied.takeError();
        }
        if (!applied->empty()) {
            c.rollback();
            continue;
        }
        const auto now =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        Status step = c.execScript(m.sql);
        if (step.ok()) {
            auto recorded = c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                   {std::int64_t{m.version}, m.name, std::int64_t{now}});
            if (!recorded.ok()) step = recorded.takeError();
        }
        if (step.ok()) step = c.commit();
        if (!step.ok()) {
            c.rollback();
            Error error = step.takeError();
            error.message = databaseName + " migration " + m.name + " failed: " + error.message;
            return error;
        }
        spdlog::info("{}: applied migration {}", databaseName, m.name);
    }
    return {};
}

}  // namespace devcoll::storage
