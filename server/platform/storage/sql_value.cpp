#include "platform/storage/sql_value.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace devcoll::storage {

std::string Row::text(std::size_t i) const {
    const SqlValue& v = m_values.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
    return {};
}

std::int64_t Row::integer(std::size_t i) const {
    const SqlValue& v = m_values.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) {
        if (*s == "t") return 1;  // PostgreSQL booleans come back as t/f
        if (*s == "f") return 0;
        std::int64_t out = 0;
        const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        if (ec != std::errc{} || ptr != s->data() + s->size()) {
            throw std::invalid_argument("column " + std::to_string(i) + " is not an integer: " + *s);
        }
        return out;
    }
    return 0;
}

double Row::real(std::size_t i) const {
    const SqlValue& v = m_values.at(i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
    if (const auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
    return 0;
}

std::size_t Row::index(const std::string& column) const {
    const auto it = std::find(m_columns->begin(), m_columns->end(), column);
    if (it == m_columns->end()) throw std::out_of_range("no column " + column);
    return static_cast<std::size_t>(it - m_columns->begin());
}

}  // namespace devcoll::storage
