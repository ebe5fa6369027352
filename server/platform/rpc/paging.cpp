#include "platform/rpc/paging.h"

#include <charconv>

namespace devcoll::rpc {
namespace {
constexpr char kSeparator = '|';
}

Result<int> pageSizeOf(int requested, int defaultSize, int maxSize) {
    if (requested < 0) return invalidArgument("page_size", "must not be negative");
    if (requested > maxSize) return invalidArgument("page_size", "must be at most " + std::to_string(maxSize));
    return requested == 0 ? defaultSize : requested;
}

std::string sealCursor(const security::PageTokens& tokens, std::string_view list, const std::string& scope,
                       const std::vector<std::string>& parts) {
    std::string payload = std::string(list) + kSeparator + scope;
    for (const auto& part : parts) payload += kSeparator + part;
    return tokens.seal(payload);
}

Result<std::optional<std::vector<std::string>>> openCursor(const security::PageTokens& tokens, const std::string& token,
                                                           std::string_view list, const std::string& scope,
                                                           std::size_t partCount) {
    if (token.empty()) return std::optional<std::vector<std::string>>{};
    DEVCOLL_TRY(const std::string payload, tokens.open(token, "page_token"));
    const Error wrongList = invalidArgument("page_token", "belongs to another list");
    const std::string prefix = std::string(list) + kSeparator + scope + kSeparator;
    if (payload.rfind(prefix, 0) != 0) return wrongList;
    std::vector<std::string> parts;
    std::size_t start = prefix.size();
    for (;;) {
        const auto bar = payload.find(kSeparator, start);
        parts.push_back(payload.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    if (parts.size() != partCount) return wrongList;
    return std::optional<std::vector<std::string>>(std::move(parts));
}

Result<std::int64_t> cursorInteger(const std::string& part) {
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || ptr != part.data() + part.size()) {
        return invalidArgument("page_token", "belongs to another list");
    }
    return value;
}

}  // namespace devcoll::rpc
