#include "gateway/path_template.h"

#include "devcoll/validation.h"

namespace devcoll::gateway {
namespace {

std::vector<std::string_view> splitSegments(std::string_view path) {
    std::vector<std::string_view> segments;
    if (path.empty() || path.front() != '/') return segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        segments.push_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return segments;
}

bool isFieldPath(std::string_view text) {
    if (text.empty() || text.front() == '.' || text.back() == '.') return false;
    for (char c : text) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
    }
    return true;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

Result<PathTemplate> PathTemplate::parse(std::string_view text) {
    PathTemplate parsed;
    parsed.m_text = std::string(text);
    const auto unsupported = [&](std::string_view why) {
        return makeError(ErrorCode::InvalidArgument, "http rule path '" + std::string(text) + "': " + std::string(why));
    };
    if (text.size() < 2 || text.front() != '/') return unsupported("must start with '/' and name something");
    for (std::string_view segment : splitSegments(text)) {
        if (segment.empty()) return unsupported("has an empty segment");
        if (segment.front() == '{') {
            if (segment.back() != '}') return unsupported("a variable must fill its whole segment");
            const std::string_view field = segment.substr(1, segment.size() - 2);
            if (!isFieldPath(field)) return unsupported("only {field} and {field.path} variables are supported");
            parsed.m_segments.push_back({{}, std::string(field)});
        } else {
            if (segment.find_first_of("{}*:") != std::string_view::npos) {
                return unsupported("wildcards and custom verbs are not supported");
            }
            parsed.m_segments.push_back({std::string(segment), {}});
        }
    }
    return parsed;
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathTemplate::match(std::string_view path) const {
    const std::vector<std::string_view> segments = splitSegments(path);
    if (segments.size() != m_segments.size()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> bound;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& expected = m_segments[i];
        if (expected.variable.empty()) {
            if (segments[i] != expected.literal) return std::nullopt;
            continue;
        }
        std::optional<std::string> value = percentDecode(segments[i], false);
        if (!value || value->empty() || !isValidUtf8(*value)) return std::nullopt;
        bound.emplace_back(expected.variable, std::move(*value));
    }
    return bound;
}

std::vector<bool> PathTemplate::literalMask() const {
    std::vector<bool> mask;
    for (const Segment& s : m_segments) mask.push_back(s.variable.empty());
    return mask;
}

std::vector<std::string> PathTemplate::variables() const {
    std::vector<std::string> names;
    for (const Segment& s : m_segments) {
        if (!s.variable.empty()) names.push_back(s.variable);
    }
    return names;
}

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = hexValue(text[i + 1]);
            const int low = hexValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plusIsSpace) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace devcoll::gateway
