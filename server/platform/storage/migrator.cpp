#include "platform/storage/migrator.h"

#include <spdlog/spdlog.h>

#include "platform/clock.h"

namespace devcoll::storage {
namespace {

// Opens a write transaction in which processes starting together take turns: on PostgreSQL
// through an advisory lock on the schema, on SQLite through BEGIN IMMEDIATE itself.
Status beginExclusive(Connection& c) {
    DEVCOLL_CHECK(c.begin(Connection::Mode::Write));
    if (c.engine() == Engine::Postgres) {
        auto locked = c.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()))", {});
        if (!locked.ok()) {
            c.rollback();
            return locked.takeError();
        }
    }
    return {};
}

// Runs `step` in an exclusive transaction, committing on success.
template <typename Step>
Status exclusively(Connection& c, Step&& step) {
    DEVCOLL_CHECK(beginExclusive(c));
    Status outcome = step();
    if (outcome.ok()) outcome = c.commit();
    if (!outcome.ok()) c.rollback();
    return outcome;
}

}  // namespace

Status migrate(Connection& c, const std::string& databaseName, const std::vector<Migration>& migrations) {
    DEVCOLL_CHECK(exclusively(c, [&] {
        return c.execScript(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at BIGINT NOT NULL)");
    }));
    for (const Migration& m : migrations) {
        bool applied = false;
        Status step = exclusively(c, [&]() -> Status {
            DEVCOLL_TRY(auto done,
                        c.exec("SELECT version FROM schema_migrations WHERE version = $1", {std::int64_t{m.version}}));
            if (!done.empty()) return {};
            DEVCOLL_CHECK(c.execScript(m.sql));
            DEVCOLL_CHECK(c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                 {std::int64_t{m.version}, m.name, nowMicros()}));
            applied = true;
            return {};
        });
        if (!step.ok()) {
            Error error = step.takeError();
            error.message = databaseName + " migration " + m.name + " failed: " + error.message;
            return error;
        }
        if (applied) spdlog::info("{}: applied migration {}", databaseName, m.name);
    }
    return {};
}

Status createPlatformTables(Connection& c, const std::vector<std::string>& statements) {
    return exclusively(c, [&]() -> Status {
        for (const auto& sql : statements) DEVCOLL_CHECK(c.execScript(sql));
        return {};
    });
}

}  // namespace devcoll::storage
