#pragma once
// Values that cross the storage boundary. Both engines store only these: 64-bit integers
// (also booleans and timestamps in microseconds), doubles, text, and NULL. Keeping the set this
// small is what lets one SQL text run on SQLite and PostgreSQL alike.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace devcoll::storage {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;
using SqlParams = std::vector<SqlValue>;

inline SqlValue sqlNull() { return std::monostate{}; }
inline SqlValue sqlOptional(const std::string& text) { return text.empty() ? sqlNull() : SqlValue(text); }

// One result row. Accessors convert: PostgreSQL hands back text, SQLite typed values.
class Row final {
public:
    using Columns = std::shared_ptr<const std::vector<std::string>>;
    Row(Columns columns, std::vector<SqlValue> values) : m_columns(std::move(columns)), m_values(std::move(values)) {}

    bool isNull(std::size_t i) const { return std::holds_alternative<std::monostate>(m_values.at(i)); }
    std::string text(std::size_t i) const;
    std::int64_t integer(std::size_t i) const;
    double real(std::size_t i) const;
    bool boolean(std::size_t i) const { return integer(i) != 0; }

    // Access by column name (slower; for readability in rarely run code).
    std::size_t index(const std::string& column) const;
    std::string text(const std::string& column) const { return text(index(column)); }
    std::int64_t integer(const std::string& column) const { return integer(index(column)); }

private:
    Columns m_columns;
    std::vector<SqlValue> m_values;
};

struct Rows final {
    std::vector<Row> rows;
    std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

    bool empty() const { return rows.empty(); }
    std::size_t size() const { return rows.size(); }
    const Row& operator[](std::size_t i) const { return rows.at(i); }
    auto begin() const { return rows.begin(); }
    auto end() const { return rows.end(); }
};

}  // namespace devcoll::storage
