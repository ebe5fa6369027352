#pragma once
// The text side of search, the same for the server's two engines and the app's offline
// replica: how a post or a profile is cut into terms, how a query is read, and how it is
// handed to SQLite FTS5 or PostgreSQL full-text search. Terms are made here, in one place, and given to the engines
// ready-made (FTS5 splits them at spaces, PostgreSQL receives a tsvector literal), so both match alike, and no user
// input ever reaches an engine's own query syntax: every term is quoted.
//
// Terms, made for code:
//  - letters and digits form words; ASCII letters fold to lower case, other letters are
//    kept as written (accents are significant);
//  - `_`, `.`, `:`, `-`, `/` split words: snake_case_name, std::vector and node.js are the
//    word sequences (snake case name), (std vector), (node js), and a query for
//    `std::vector` looks for that sequence;
//  - `+` and `#` right after a word belong to it: c++, c#, f#;
//  - each CJK character (Han, kana, Hangul) is a word of its own, so a run of them is found
//    by any part of it;
//  - emoji and other symbols are not words;
//  - a hashtag (#rust at the start of a word) adds the term `#rust` as well as `rust`.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::search {

struct Token final {
    std::string term;
    std::size_t begin = 0;  // UTF-8 byte range in the text
    std::size_t end = 0;
};

std::vector<Token> tokenize(std::string_view text);
// The hashtags of a post, lower-cased, each once, with their `#`.
std::vector<std::string> hashtags(std::string_view text);
// What an engine indexes for `text`: its terms then its hashtags, separated by spaces.
std::string indexTerms(std::string_view text, bool withHashtags);

// One thing a query asks for: a term (one word, or a word sequence to find in order).
struct Clause final {
    std::vector<std::string> terms;
    bool prefix = false;  // the last word may be the start of a longer one
};

struct SearchQuery final {
    std::vector<Clause> required;
    std::vector<Clause> excluded;
    std::vector<std::string> fromUsernames;  // lower case
    std::vector<std::string> tags;           // with `#`, lower case

    bool matchesText() const { return !required.empty(); }
};

inline constexpr std::size_t kMaxQueryLength = 256;

// Reads a query in the language of devcoll.search.v1 (terms, "phrases", -exclusions,
// from:username, #tag). InvalidArgument naming `field` for text that is too long or not
// UTF-8; a query that asks for nothing is returned empty (the caller decides).
Result<SearchQuery> parseQuery(std::string_view field, std::string_view text);

// The query for FTS5's MATCH over a column of indexTerms() (every term quoted); nullopt when
// nothing is required.
std::optional<std::string> toFts5(const SearchQuery& query, bool withTags);
// The same as a PostgreSQL tsquery literal (for `$1::tsquery`), and a tsvector literal for
// indexing.
std::optional<std::string> toTsQuery(const SearchQuery& query, bool withTags);
// `weight` ('A' to 'D'; 0 for none) ranks some text above other text.
std::string toTsVector(std::string_view text, bool withHashtags, char weight = 0);

// An excerpt of `body` around the first required match: plain text (code fences and
// Markdown marks removed, whitespace collapsed), about `maxChars` characters, "…" where cut,
// with the byte ranges of matched words.
struct Highlighted final {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};
Highlighted snippet(std::string_view body, const SearchQuery& query, std::size_t maxChars = 200);

}  // namespace devcoll::search
