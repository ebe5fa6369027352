#include "platform/storage/database.h"

#include <spdlog/spdlog.h>

#include "platform/storage/migrator.h"

namespace devcoll::storage {

Result<Rows> Tx::run(std::string_view name, const SqlParams& params) {
    DEVCOLL_TRY(const std::string_view sql, m_catalog.query(name));
    auto result = m_connection.exec(sql, params);
    if (!result.ok() && result.error().code == ErrorCode::Internal) {
        Error error = result.takeError();
        error.message = std::string(name) + ": " + error.message;
        return error;
    }
    return result;
}

Result<std::unique_ptr<Database>> Database::open(std::string name, const DatabaseLocation& location,
                                                 std::shared_ptr<const SqlCatalog> catalog, std::size_t size) {
    std::unique_ptr<Database> db(new Database(std::move(name), location.engine, std::move(catalog)));
    std::function<void()> walFull;
    if (location.engine == Engine::Sqlite) {
        DEVCOLL_TRY(auto own, openSqlite(location.sqlitePath));
        db->m_checkpointer = std::make_unique<WalCheckpointer>(db->m_name, std::move(own));
        walFull = [checkpointer = db->m_checkpointer.get()] { checkpointer->request(); };
    }
    for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
        auto connection = location.engine == Engine::Sqlite
                              ? openSqlite(location.sqlitePath, walFull)
                              : openPostgres(location.postgresUrl, location.schema, location.customPlans);
        if (!connection.ok()) return connection.takeError();
        if (i == 0) {
            DEVCOLL_CHECK(migrate(**connection, db->m_name, db->m_catalog->migrations()));
        }
        db->m_idle.push_back(std::move(connection).value());
    }
    db->m_size = db->m_idle.size();
    return db;
}

Status Database::ensureTables(const std::vector<std::string>& statements) {
    Lease lease = acquire();
    return createPlatformTables(*lease, statements);
}

Status Database::runBatch(Connection::Mode mode, std::span<GroupCommit::Unit* const> units) {
    constexpr int kAttempts = 5;
    const bool alone = units.size() == 1;
    for (int attempt = 1;; ++attempt) {
        Lease lease = acquire();
        Connection& c = *lease;
        if (Status begun = c.begin(mode); !begun.ok()) {
            if (begun.error().code == ErrorCode::Unavailable && attempt < kAttempts) continue;
            return begun;
        }
        Tx tx(c, *m_catalog);
        if (alone) {
            // A unit alone needs no savepoint: its failure rolls the transaction back, and a
            // busy engine is worth another attempt.
            if (Status own = units[0]->work(tx); !own.ok()) {
                c.rollback();
                if (own.error().code == ErrorCode::Unavailable && attempt < kAttempts) continue;
                return {};
            }
        } else if (Status failed = runInSavepoints(c, tx, units); !failed.ok()) {
            c.rollback();
            return failed;
        }
        if (Status committed = c.commit(); !committed.ok()) {
            c.rollback();
            if (committed.error().code == ErrorCode::Unavailable && attempt < kAttempts) continue;
            return committed;
        }
        for (auto& action : tx.afterCommitActions()) action();
        return {};
    }
}

Status Database::runInSavepoints(Connection& c, Tx& tx, std::span<GroupCommit::Unit* const> units) {
    const auto statement = [&](std::string_view sql) -> Status {
        DEVCOLL_CHECK(c.exec(sql, {}));
        return {};
    };
    for (GroupCommit::Unit* unit : units) {
        const std::size_t actions = tx.afterCommitActions().size();
        DEVCOLL_CHECK(statement("SAVEPOINT unit"));
        if (!unit->work(tx).ok()) {
            // Undo this unit's writes and forget what it meant to do after the commit.
            DEVCOLL_CHECK(statement("ROLLBACK TO unit"));
            tx.afterCommitActions().resize(actions);
        }
        DEVCOLL_CHECK(statement("RELEASE unit"));
    }
    return {};
}

Database::Lease Database::acquire() {
    std::unique_lock lock(m_mutex);
    ++m_waiting;
    m_available.wait(lock, [this] { return !m_idle.empty(); });
    --m_waiting;
    auto connection = std::move(m_idle.back());
    m_idle.pop_back();
    return Lease(*this, std::move(connection));
}

Database::PoolUse Database::poolUse() {
    std::lock_guard lock(m_mutex);
    return PoolUse{m_size, m_size - m_idle.size(), m_waiting};
}

void Database::release(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(m_mutex);
        m_idle.push_back(std::move(connection));
    }
    m_available.notify_one();
}

}  // namespace devcoll::storage
