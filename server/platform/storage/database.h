#pragma once
// Database: one service's database, as a small pool of connections to one engine.
// Work takes a connection for the length of one transaction; there are as many connections as
// workers, so a worker never waits for another's connection.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "devcoll/result.h"
#include "platform/storage/connection.h"
#include "platform/storage/group_commit.h"
#include "platform/storage/sql_catalog.h"
#include "platform/storage/wal_checkpointer.h"

namespace devcoll::storage {

// Where a service's database lives.
struct DatabaseLocation final {
    Engine engine = Engine::Sqlite;
    std::string sqlitePath;   // Engine::Sqlite
    std::string postgresUrl;  // Engine::Postgres
    std::string schema;       // Engine::Postgres: the service's schema
    // Engine::Postgres: plan every statement for its parameters. PostgreSQL otherwise switches
    // a prepared statement to one generic plan after five runs, and for full-text search that
    // plan cannot know how selective a query is (search's two-word queries went from 3 to
    // 110 ms, scanning a time index of every post).
    bool customPlans = false;
};

// A connection inside an open transaction, with the service's named queries at hand.
class Tx final {
public:
    Tx(Connection& connection, const SqlCatalog& catalog) : m_connection(connection), m_catalog(catalog) {}

    // Runs the named query from the service's SQL files.
    Result<Rows> run(std::string_view name, const SqlParams& params = {});
    // Runs SQL text directly (for the platform's own small tables).
    Result<Rows> exec(std::string_view sql, const SqlParams& params = {}) { return m_connection.exec(sql, params); }
    Engine engine() const { return m_connection.engine(); }

    // Called after a successful commit, in order (e.g. to wake the outbox relay).
    void afterCommit(std::function<void()> action) { m_afterCommit.push_back(std::move(action)); }
    std::vector<std::function<void()>>& afterCommitActions() { return m_afterCommit; }

private:
    Connection& m_connection;
    const SqlCatalog& m_catalog;
    std::vector<std::function<void()>> m_afterCommit;
};

class Database final {
public:
    // Opens `size` connections and applies the service's migrations (`catalog`'s V*.sql files).
    static Result<std::unique_ptr<Database>> open(std::string name, const DatabaseLocation& location,
                                                  std::shared_ptr<const SqlCatalog> catalog, std::size_t size);

    const std::string& name() const { return m_name; }
    // Runs idempotent DDL for tables the platform keeps in every service's database, with the
    // same mutual exclusion as migrations.
    Status ensureTables(const std::vector<std::string>& statements);
    Engine engine() const { return m_engine; }

    // How the connection pool is used now (for metrics).
    struct PoolUse final {
        std::size_t size = 0;
        std::size_t inUse = 0;
        std::size_t waiting = 0;  // transactions waiting for a connection
    };
    PoolUse poolUse();

    // Runs `work` in one transaction: committed when it returns success, rolled back otherwise.
    // Transient failures (busy database, serialization conflicts) are retried a few times.
    template <typename F>
    auto transact(F&& work) -> decltype(work(std::declval<Tx&>())) {
        using R = decltype(work(std::declval<Tx&>()));
        return transactionImpl<R>(Connection::Mode::Write, std::forward<F>(work));
    }
    // The same for work that only reads: on SQLite, reads then run in parallel with each other;
    // on PostgreSQL, they skip the BEGIN/COMMIT round trips (READ COMMITTED gives each
    // statement its own snapshot either way).
    template <typename F>
    auto read(F&& work) -> decltype(work(std::declval<Tx&>())) {
        using R = decltype(work(std::declval<Tx&>()));
        return transactionImpl<R>(Connection::Mode::Read, std::forward<F>(work));
    }

private:
    Database(std::string name, Engine engine, std::shared_ptr<const SqlCatalog> catalog)
        : m_name(std::move(name)),
          m_engine(engine),
          m_catalog(std::move(catalog)),
          m_groupCommit(
              [this](std::span<GroupCommit::Unit* const> units) { return runBatch(Connection::Mode::Write, units); }) {}

    class Lease;
    Lease acquire();
    void release(std::unique_ptr<Connection> connection);

    template <typename R, typename F>
    R transactionImpl(Connection::Mode mode, F&& work);
    // Runs `work`, turning a library's exception (or a bug's) into an Internal error: it must
    // neither escape into a worker thread nor leave a pooled connection inside a transaction.
    template <typename R, typename F>
    R guarded(F& work, Tx& tx);
    // Every transaction: `units` in one transaction, retried while the engine is busy; each
    // unit in a savepoint of its own when there are several (see GroupCommit). An error means
    // the transaction failed; a unit's own failure stays in its result.
    Status runBatch(Connection::Mode mode, std::span<GroupCommit::Unit* const> units);
    Status runInSavepoints(Connection& c, Tx& tx, std::span<GroupCommit::Unit* const> units);

    std::string m_name;
    Engine m_engine;
    std::shared_ptr<const SqlCatalog> m_catalog;
    // SQLite: declared before the pool so that it outlives the connections that call it.
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    std::mutex m_mutex;
    GroupCommit m_groupCommit;  // SQLite writes
    std::condition_variable m_available;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::size_t m_size = 0;
    std::size_t m_waiting = 0;
};

// A connection borrowed from the pool, returned when the lease ends.
class Database::Lease final {
public:
    Lease(Database& db, std::unique_ptr<Connection> c) : m_db(db), m_connection(std::move(c)) {}
    ~Lease() { m_db.release(std::move(m_connection)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *m_connection; }

private:
    Database& m_db;
    std::unique_ptr<Connection> m_connection;
};

template <typename R, typename F>
R Database::guarded(F& work, Tx& tx) {
    try {
        return work(tx);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, m_name + " transaction failed: " + e.what());
    }
}

template <typename R, typename F>
R Database::transactionImpl(Connection::Mode mode, F&& work) {
    std::optional<R> result;
    GroupCommit::Unit unit;
    unit.work = [&](Tx& tx) -> Status {
        result.emplace(guarded<R>(work, tx));
        if (!result->ok()) return result->error();
        return {};
    };
    // SQLite admits one writer at a time: this process's writers queue and share transactions.
    if (mode == Connection::Mode::Write && m_engine == Engine::Sqlite) {
        m_groupCommit.submit(unit);
    } else {
        GroupCommit::Unit* const alone[] = {&unit};
        unit.outcome = runBatch(mode, alone);
    }
    if (!unit.outcome.ok()) return unit.outcome.error();
    return std::move(*result);
}

}  // namespace devcoll::storage
