#pragma once
// Mentions: `@username` in a post or comment body, read the same way by the server (which
// notifies the people named when the text is written) and the app (which links them to their
// profiles). A mention is `@` followed by a whole username (3 to 30 of a-z, A-Z, 0-9, `_`),
// not preceded by a letter, digit, `_`, `@` or `/` (so no e-mail address or URL path like
// https://example.social/@ada is one) and not followed
// by another name character. Code does not mention anyone: nothing inside `inline code`, a
// fenced code block or an indented one (four spaces or a tab, after a blank line) counts, so
// `@Override` in a Java snippet stays a Java annotation.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace devcoll {

struct Mention final {
    std::size_t offset = 0;  // of the `@`, in bytes
    std::size_t length = 0;  // of `@username`, in bytes
    std::string username;    // as written
};

// Every mention in `text`, in order of appearance.
std::vector<Mention> findMentions(std::string_view text);

// The distinct usernames `text` mentions, lower-cased, in order of first appearance; at most
// `limit` (a post naming more notifies only the first `limit`).
std::vector<std::string> mentionedUsernames(std::string_view text, std::size_t limit);

}  // namespace devcoll
