#pragma once
// PathTemplate: the path part of a google.api.http rule ("/api/v1/posts/{post_id}/comments"),
// parsed once and matched against request paths. Supported: literal segments and variables
// that bind one whole segment to a field path ({post_id}, {post.id}); that is all devcoll's
// contracts use, and a rule using more (wildcards, "{name=users/*}", ":verb") is refused when
// the gateway starts rather than half-served.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::gateway {

class PathTemplate final {
public:
    static Result<PathTemplate> parse(std::string_view text);

    // The variables' values, percent-decoded, in template order; nothing when `path` (without
    // the query) does not match, or a segment does not decode to valid UTF-8.
    std::optional<std::vector<std::pair<std::string, std::string>>> match(std::string_view path) const;

    // How specific a match is: literal segments outrank variables segment by segment, so
    // "/users/by-username/{username}" wins over "/users/{user_id}/posts" for both shapes.
    std::vector<bool> literalMask() const;

    const std::string& text() const { return m_text; }
    // The field paths bound by variables.
    std::vector<std::string> variables() const;

private:
    struct Segment final {
        std::string literal;   // empty for a variable
        std::string variable;  // the field path it binds
    };
    std::string m_text;
    std::vector<Segment> m_segments;
};

// Percent-decodes one path segment or query component (`plusIsSpace` for queries); nothing on
// a malformed escape.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

}  // namespace devcoll::gateway
