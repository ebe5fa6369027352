#pragma once
// A connection to one service's database, on one engine. Not thread-safe: each worker holds
// its own (see ConnectionPool). Libraries' exceptions stop here and become Result errors.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "devcoll/result.h"
#include "platform/storage/sql_value.h"

namespace devcoll::storage {

enum class Engine { Sqlite, Postgres };

std::string_view engineName(Engine engine);

class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;

    // Runs one statement with $1..$n placeholders bound to `params`.
    virtual Result<Rows> exec(std::string_view sql, const SqlParams& params) = 0;
    // Runs a script of several statements without parameters (migrations).
    virtual Status execScript(std::string_view sql) = 0;

    // Transactions. A write transaction takes the write lock up front where the engine needs
    // it (SQLite's BEGIN IMMEDIATE), so two writers never deadlock on a lock upgrade; a read
    // transaction does not, so reads run side by side.
    enum class Mode { Write, Read };
    virtual Status begin(Mode mode) = 0;
    virtual Status commit() = 0;
    virtual void rollback() = 0;
};

// Opens a connection: `location` is a SQLite file path or a PostgreSQL URL; `schema` names the
// PostgreSQL schema the service's tables live in (ignored by SQLite).
// `walFull`, when given, is called after a commit that leaves the write-ahead log longer than
// WalCheckpointer::kPages, instead of SQLite checkpointing inside that commit.
Result<std::unique_ptr<Connection>> openSqlite(const std::string& path, std::function<void()> walFull = {});
Result<std::unique_ptr<Connection>> openPostgres(const std::string& url, const std::string& schema,
                                                 bool customPlans = false);

}  // namespace devcoll::storage
