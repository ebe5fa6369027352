// The SQLite back-end: WAL journal, foreign keys on, a busy timeout so concurrent writers wait
// instead of failing, and $1..$n placeholders bound by name.
#include <sqlite3.h>

#include <memory>
#include <unordered_map>

#include "platform/storage/connection.h"
#include "platform/storage/wal_checkpointer.h"

namespace devcoll::storage {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

Error sqliteError(sqlite3* db, std::string_view what) {
    const int code = sqlite3_extended_errcode(db);
    const bool busy = (code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED;
    const bool duplicate = code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
    const ErrorCode mapped = busy ? ErrorCode::Unavailable : duplicate ? ErrorCode::AlreadyExists : ErrorCode::Internal;
    return makeError(mapped, std::string(what) + ": " + sqlite3_errmsg(db));
}

// Returns a cached statement to its pristine state when a call is done with it.
class StatementUse final {
public:
    explicit StatementUse(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    ~StatementUse() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

private:
    sqlite3_stmt* m_stmt;
};

constexpr std::size_t kMaxCachedStatements = 256;

class SqliteConnection final : public Connection {
public:
    SqliteConnection(sqlite3* db, std::function<void()> walFull) : m_db(db), m_walFull(std::move(walFull)) {
        if (m_walFull) sqlite3_wal_hook(m_db, &SqliteConnection::walHook, this);  // replaces autocheckpoint
    }
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : m_statements) sqlite3_finalize(stmt);
        sqlite3_close_v2(m_db);
    }

    Engine engine() const override { return Engine::Sqlite; }

    static int walHook(void* self, sqlite3*, const char*, int pages) {
        if (pages >= WalCheckpointer::kPages) static_cast<SqliteConnection*>(self)->m_walFull();
        return SQLITE_OK;
    }

    Result<Rows> exec(std::string_view sql, const SqlParams& params) override {
        // Statements are prepared once per connection and reused: the SQL texts are few and fixed.
        sqlite3_stmt* raw = nullptr;
        const std::string key(sql);
        if (const auto it = m_statements.find(key); it != m_statements.end()) {
            raw = it->second;
        } else {
            if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                   nullptr) != SQLITE_OK) {
                return sqliteError(m_db, "prepare");
            }
            if (m_statements.size() >= kMaxCachedStatements) {
                for (auto& [text, stmt] : m_statements) sqlite3_finalize(stmt);
                m_statements.clear();
            }
            m_statements.emplace(key, raw);
        }
        StatementUse use(raw);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const std::string name = "$" + std::to_string(i + 1);
            const int index = sqlite3_bind_parameter_index(raw, name.c_str());
            if (index == 0) continue;  // parameter unused by this engine's text
            const int rc = std::visit(
                [&](const auto& v) -> int {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(raw, index);
                    if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(raw, index, v);
                    if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(raw, index, v);
                    if constexpr (std::is_same_v<T, std::string>)
                        return sqlite3_bind_text64(raw, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
                },
                params[i]);
            if (rc != SQLITE_OK) return sqliteError(m_db, "bind");
        }
        Rows result;
        const int columnCount = sqlite3_column_count(raw);
        auto columns = std::make_shared<std::vector<std::string>>();
        for (int c = 0; c < columnCount; ++c) columns->emplace_back(sqlite3_column_name(raw, c));
        for (;;) {
            const int rc = sqlite3_step(raw);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return sqliteError(m_db, "step");
            std::vector<SqlValue> values;
            values.reserve(static_cast<std::size_t>(columnCount));
            for (int c = 0; c < columnCount; ++c) {
                switch (sqlite3_column_type(raw, c)) {
                    case SQLITE_NULL:
                        values.emplace_back(std::monostate{});
                        break;
                    case SQLITE_INTEGER:
                        values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(raw, c)));
                        break;
                    case SQLITE_FLOAT:
                        values.emplace_back(sqlite3_column_double(raw, c));
                        break;
                    default: {
                        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
                        values.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
                    }
                }
            }
            result.rows.emplace_back(columns, std::move(values));
        }
        result.affected = sqlite3_changes64(m_db);
        return result;
    }

    Status execScript(std::string_view sql) override {
        char* message = nullptr;
        const std::string text(sql);
        if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            sqlite3_free(message);
            return sqliteError(m_db, "script");  // busy and locked become Unavailable: retried
        }
        return {};
    }

    Status begin(Mode mode) override { return execScript(mode == Mode::Write ? "BEGIN IMMEDIATE" : "BEGIN"); }
    Status commit() override { return execScript("COMMIT"); }
    void rollback() override {
        if (!sqlite3_get_autocommit(m_db)) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* m_db;
    std::function<void()> m_walFull;
    std::unordered_map<std::string, sqlite3_stmt*> m_statements;
};

}  // namespace

Result<std::unique_ptr<Connection>> openSqlite(const std::string& path, std::function<void()> walFull) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error error = makeError(ErrorCode::Unavailable, "cannot open " + path + ": " + sqlite3_errmsg(db));
        sqlite3_close_v2(db);
        return error;
    }
    auto connection = std::make_unique<SqliteConnection>(db, std::move(walFull));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // synchronous=NORMAL is durable across application crashes in WAL mode and far faster than FULL.
    // Memory-mapped reads share the operating system's page cache between the connections
    // instead of copying pages into each one's own small cache (a quarter off the feed query when
    // timed in the sqlite3 shell on the generated million posts).
    DEVCOLL_CHECK(connection->execScript(
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"));
    return std::unique_ptr<Connection>(std::move(connection));
}

std::string_view engineName(Engine engine) { return engine == Engine::Sqlite ? "sqlite" : "postgres"; }

}  // namespace devcoll::storage
