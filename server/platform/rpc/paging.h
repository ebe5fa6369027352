#pragma once
// Paging rules every list call shares: page sizes (default 20, at most 100) and opaque,
// tamper-checked page tokens that name the list and scope they belong to, so a token of one
// list cannot page another.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"
#include "platform/security/page_tokens.h"

namespace devcoll::rpc {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// Operators' bulk lists (ListAll*) page in larger steps.
inline constexpr int kDefaultBulkPageSize = 100;
inline constexpr int kMaxBulkPageSize = 1000;

// The page size to use for a request's `page_size` (0 means the default).
Result<int> pageSizeOf(int requested, int defaultSize = kDefaultPageSize, int maxSize = kMaxPageSize);

// A token for the position `parts` in list `list` of `scope` (e.g. "followers", a user id).
std::string sealCursor(const security::PageTokens& tokens, std::string_view list, const std::string& scope,
                       const std::vector<std::string>& parts);

// The position in a `page_token`; nothing for an empty token (the first page). Errors name
// the field `page_token`.
Result<std::optional<std::vector<std::string>>> openCursor(const security::PageTokens& tokens, const std::string& token,
                                                           std::string_view list, const std::string& scope,
                                                           std::size_t partCount);

// For lists read with one row more than a page: drops that extra row and tells whether it
// was there (another page follows).
template <typename Items>
bool trimToPage(Items& items, int pageSize) {
    if (items.size() <= static_cast<std::size_t>(pageSize)) return false;
    items.resize(static_cast<std::size_t>(pageSize));
    return true;
}

// Parses one integer part of a cursor.
Result<std::int64_t> cursorInteger(const std::string& part);

}  // namespace devcoll::rpc
