#include "gateway/multipart_form.h"

#include <algorithm>
#include <cctype>

namespace devcoll::gateway {
namespace {

Error malformed(const std::string& why) {
    return makeError(ErrorCode::InvalidArgument, "malformed multipart/form-data body: " + why);
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The value of parameter `name` in a header such as
// `form-data; name="file"; filename="a b.png"` (quoted strings may escape with a backslash).
std::optional<std::string> headerParameter(std::string_view header, std::string_view name) {
    std::size_t pos = header.find(';');
    while (pos != std::string_view::npos) {
        std::string_view rest = trim(header.substr(pos + 1));
        const std::size_t eq = rest.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const std::string_view key = trim(rest.substr(0, eq));
        std::string_view after = trim(rest.substr(eq + 1));
        std::string value;
        std::size_t consumed = 0;
        if (!after.empty() && after.front() == '"') {
            std::size_t i = 1;
            for (; i < after.size() && after[i] != '"'; ++i) {
                if (after[i] == '\\' && i + 1 < after.size()) ++i;
                value.push_back(after[i]);
            }
            if (i >= after.size()) return std::nullopt;  // unterminated quote
            consumed = i + 1;
        } else {
            consumed = std::min(after.find(';'), after.size());
            value = std::string(trim(after.substr(0, consumed)));
        }
        if (equalsIgnoringCase(key, name)) return value;
        const std::size_t next = after.find(';', consumed);
        if (next == std::string_view::npos) return std::nullopt;
        header = after;
        pos = next;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> formBoundary(std::string_view contentType) {
    const std::string_view type = trim(contentType.substr(0, contentType.find(';')));
    if (!equalsIgnoringCase(type, "multipart/form-data")) return std::nullopt;
    auto boundary = headerParameter(contentType, "boundary");
    // RFC 2046: 1 to 70 characters.
    if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
    return boundary;
}

Result<std::vector<FormPart>> parseMultipartForm(std::string_view body, std::string_view boundary,
                                                 std::size_t maxParts) {
    const std::string dashBoundary = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + dashBoundary;
    std::size_t pos = 0;
    if (body.substr(0, dashBoundary.size()) != dashBoundary) {
        // A preamble before the first boundary is allowed, and ignored.
        pos = body.find(delimiter);
        if (pos == std::string_view::npos) return malformed("no boundary '" + std::string(boundary) + "'");
        pos += 2;
    }
    pos += dashBoundary.size();
    std::vector<FormPart> parts;
    while (true) {
        if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
        if (body.substr(pos, 2) != "\r\n") return malformed("a boundary line must end with CRLF");
        pos += 2;
        if (parts.size() == maxParts) return malformed("more than " + std::to_string(maxParts) + " parts");
        const std::size_t headersEnd = body.find("\r\n\r\n", pos);
        const std::size_t dataEnd = body.find(delimiter, pos);
        if (dataEnd == std::string_view::npos) return malformed("the body ends inside a part (no closing boundary)");
        FormPart part;
        if (body.substr(pos, 2) == "\r\n") return malformed("a part has no Content-Disposition with a name");
        if (headersEnd == std::string_view::npos || headersEnd > dataEnd) {
            return malformed("a part's headers do not end with an empty line");
        }
        std::string_view headers = body.substr(pos, headersEnd - pos);
        while (!headers.empty()) {
            const std::size_t lineEnd = std::min(headers.find("\r\n"), headers.size());
            const std::string_view line = headers.substr(0, lineEnd);
            headers.remove_prefix(std::min(lineEnd + 2, headers.size()));
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) return malformed("a part's header has no ':'");
            const std::string_view name = trim(line.substr(0, colon));
            const std::string_view value = trim(line.substr(colon + 1));
            if (equalsIgnoringCase(name, "Content-Disposition")) {
                if (!equalsIgnoringCase(trim(value.substr(0, value.find(';'))), "form-data")) {
                    return malformed("a part's Content-Disposition must be form-data");
                }
                auto fieldName = headerParameter(value, "name");
                if (!fieldName) return malformed("a part has no name");
                part.name = std::move(*fieldName);
                part.fileName = headerParameter(value, "filename").value_or("");
            } else if (equalsIgnoringCase(name, "Content-Type")) {
                part.contentType = std::string(value);
            }
        }
        if (part.name.empty()) return malformed("a part has no Content-Disposition with a name");
        const std::size_t dataStart = headersEnd + 4;
        if (dataStart > dataEnd) return malformed("a part's headers overlap its end");
        part.data = body.substr(dataStart, dataEnd - dataStart);
        parts.push_back(std::move(part));
        pos = dataEnd + delimiter.size();
    }
}

}  // namespace devcoll::gateway
