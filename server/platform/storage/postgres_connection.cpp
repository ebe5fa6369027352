// The PostgreSQL back-end (libpqxx 6): one schema per service, selected on connect. libpqxx
// reports failures by throwing; every exception is caught here and becomes a Result error.
#include <pqxx/pqxx>

#include <memory>
#include <optional>
#include <unordered_map>

#include "platform/storage/connection.h"

namespace devcoll::storage {
namespace {

Error toError(const std::exception& e, std::string_view what) {
    if (dynamic_cast<const pqxx::unique_violation*>(&e)) {
        return makeError(ErrorCode::AlreadyExists, std::string(what) + ": " + e.what());
    }
    if (dynamic_cast<const pqxx::broken_connection*>(&e) || dynamic_cast<const pqxx::serialization_failure*>(&e) ||
        dynamic_cast<const pqxx::deadlock_detected*>(&e) || dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
        return makeError(ErrorCode::Unavailable, std::string(what) + ": " + e.what());
    }
    // The server going away or refusing for now, as PostgreSQL reports it during a restart or
    // a failover: connection exceptions (08), operator intervention (57: admin shutdown,
    // "the database system is starting up"), insufficient resources (53), rollbacks (40).
    // A retry may succeed, so the caller sees UNAVAILABLE, never INTERNAL.
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
        const std::string& state = sql->sqlstate();
        for (const char* transient : {"08", "57", "53", "40"}) {
            if (state.rfind(transient, 0) == 0) {
                return makeError(ErrorCode::Unavailable, std::string(what) + ": " + e.what());
            }
        }
    }
    return makeError(ErrorCode::Internal, std::string(what) + ": " + e.what());
}

std::optional<std::string> toParam(const SqlValue& value) {
    return std::visit(
        [](const auto& v) -> std::optional<std::string> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return std::nullopt;
            if constexpr (std::is_same_v<T, std::string>) return v;
            if constexpr (!std::is_same_v<T, std::monostate> && !std::is_same_v<T, std::string>)
                return std::to_string(v);
        },
        value);
}

class PostgresConnection final : public Connection {
public:
    explicit PostgresConnection(std::unique_ptr<pqxx::connection> connection) : m_connection(std::move(connection)) {}

    Engine engine() const override { return Engine::Postgres; }

    Result<Rows> exec(std::string_view sql, const SqlParams& params) override {
        try {
            std::vector<std::optional<std::string>> values;
            values.reserve(params.size());
            for (const auto& p : params) values.push_back(toParam(p));
            // Statements are prepared once per connection: the SQL texts are few and fixed.
            const std::string text(sql);
            auto it = m_prepared.find(text);
            if (it == m_prepared.end()) {
                const std::string name = "s" + std::to_string(m_prepared.size() + 1);
                m_connection->prepare(name, text);
                it = m_prepared.emplace(text, name).first;
            }
            pqxx::result r;
            if (m_work) {
                r = m_work->exec_prepared(it->second, pqxx::prepare::make_dynamic_params(values));
            } else {
                pqxx::nontransaction tx(*m_connection);
                r = tx.exec_prepared(it->second, pqxx::prepare::make_dynamic_params(values));
            }
            Rows rows;
            auto columns = std::make_shared<std::vector<std::string>>();
            for (pqxx::row::size_type c = 0; c < r.columns(); ++c) columns->emplace_back(r.column_name(c));
            for (const auto& row : r) {
                std::vector<SqlValue> out;
                out.reserve(row.size());
                for (const auto& field : row) {
                    if (field.is_null()) {
                        out.emplace_back(std::monostate{});
                    } else {
                        out.emplace_back(std::string(field.c_str(), field.size()));
                    }
                }
                rows.rows.emplace_back(columns, std::move(out));
            }
            rows.affected = static_cast<std::int64_t>(r.affected_rows());
            return rows;
        } catch (const std::exception& e) {
            return toError(e, "query");
        }
    }

    Status execScript(std::string_view sql) override {
        try {
            if (m_work) {
                m_work->exec(std::string(sql));
            } else {
                pqxx::nontransaction tx(*m_connection);
                tx.exec(std::string(sql));
            }
            return {};
        } catch (const std::exception& e) {
            return toError(e, "script");
        }
    }

    Status begin(Mode mode) override {
        // Under READ COMMITTED every statement sees its own snapshot whether or not it runs in
        // a transaction block, so read-only work runs without one: no BEGIN/COMMIT round trips.
        if (mode == Mode::Read) return {};
        try {
            m_work = std::make_unique<pqxx::work>(*m_connection);
            return {};
        } catch (const std::exception& e) {
            return toError(e, "begin");
        }
    }

    Status commit() override {
        if (!m_work) return {};  // read-only work
        try {
            m_work->commit();
            m_work.reset();
            return {};
        } catch (const std::exception& e) {
            m_work.reset();
            return toError(e, "commit");
        }
    }

    void rollback() override {
        // Destroying an uncommitted pqxx::work rolls it back; a failure there means the
        // connection is gone, which the next call reports.
        m_work.reset();
    }

private:
    std::unique_ptr<pqxx::connection> m_connection;
    std::unique_ptr<pqxx::work> m_work;
    std::unordered_map<std::string, std::string> m_prepared;  // SQL text -> statement name
};

}  // namespace

Result<std::unique_ptr<Connection>> openPostgres(const std::string& url, const std::string& schema, bool customPlans) {
    try {
        auto connection = std::make_unique<pqxx::connection>(url);
        const std::string quoted = connection->quote_name(schema);
        {
            pqxx::nontransaction tx(*connection);
            const bool exists = !tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty();
            // Two processes starting at once may race to create the schema: the loser sees a
            // unique violation, and the schema then exists.
            if (!exists) {
                try {
                    tx.exec("CREATE SCHEMA IF NOT EXISTS " + quoted);
                } catch (const pqxx::unique_violation&) {
                }
            }
        }
        // set_variable, unlike a plain SET, is restored when libpqxx reconnects by itself.
        connection->set_variable("search_path", quoted);
        if (customPlans) connection->set_variable("plan_cache_mode", "force_custom_plan");
        return std::unique_ptr<Connection>(std::make_unique<PostgresConnection>(std::move(connection)));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Unavailable, "cannot connect to PostgreSQL: " + std::string(e.what()));
    }
}

}  // namespace devcoll::storage
