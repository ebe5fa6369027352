#include "devcoll/search_text.h"

#include <algorithm>
#include <map>
#include <set>

#include "devcoll/validation.h"

namespace devcoll::search {
namespace {

// One code point of valid UTF-8 at `i` (the text was validated, or comes from our database),
// and its length. A broken byte reads as U+FFFD of length 1.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const auto cont = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
    if (b < 0x80) return {b, 1};
    if ((b >> 5) == 0x6 && i + 1 < s.size()) return {((b & 0x1F) << 6) | cont(1), 2};
    if ((b >> 4) == 0xE && i + 2 < s.size()) return {((b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3};
    if ((b >> 3) == 0x1E && i + 3 < s.size()) {
        return {((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
    }
    return {0xFFFD, 1};
}

bool isCjk(char32_t c) {
    return (c >= 0x3040 && c <= 0x30FF) ||  // kana
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) ||  // Hangul syllables
           (c >= 0x20000 && c <= 0x2FFFF);
}

// Punctuation, symbols and emoji outside ASCII: never part of a word.
bool isSymbol(char32_t c) {
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF00 && c <= 0xFF20) ||
           (c >= 0x1F000 && c <= 0x1FAFF) || c >= 0xE0000 || c == 0xFFFD;
}

bool isAsciiWord(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool isWord(char32_t c) { return isAsciiWord(c) || (c >= 0x80 && !isCjk(c) && !isSymbol(c)); }

void appendFolded(std::string& out, std::string_view s, std::size_t i, std::size_t len, char32_t c) {
    if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
        out.append(s.substr(i, len));
    }
}

std::string quoted(std::string_view term, char quote) {
    std::string out(1, quote);
    for (char c : term) {
        if (c == quote || (quote == '\'' && c == '\\')) out.push_back(c == '\\' ? '\\' : quote);
        out.push_back(c);
    }
    out.push_back(quote);
    return out;
}

// The words of a query term: its tokens, or for a #tag the tag itself.
Clause clauseOf(std::string_view text) {
    Clause clause;
    for (Token& t : tokenize(text)) clause.terms.push_back(std::move(t.term));
    return clause;
}

std::string fts5Clause(const Clause& c) {
    std::string phrase;
    for (const auto& t : c.terms) phrase += (phrase.empty() ? "" : " ") + t;
    return quoted(phrase, '"') + (c.prefix ? " *" : "");
}

std::string tsClause(const Clause& c) {
    std::string out;
    for (std::size_t i = 0; i < c.terms.size(); ++i) {
        if (i > 0) out += " <-> ";
        out += quoted(c.terms[i], '\'');
        if (c.prefix && i + 1 == c.terms.size()) out += ":*";
    }
    return c.terms.size() > 1 ? "(" + out + ")" : out;
}

std::vector<Clause> requiredWithTags(const SearchQuery& query, bool withTags) {
    std::vector<Clause> all = query.required;
    if (withTags) {
        for (const auto& tag : query.tags) all.push_back(Clause{{tag}, false});
    }
    return all;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    Token current;
    const auto flush = [&] {
        if (!current.term.empty()) tokens.push_back(std::move(current));
        current = Token{};
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto [c, len] = decode(text, i);
        if (isWord(c)) {
            // A word goes on, unless it already took a + or # suffix (c++, c#).
            if (!current.term.empty() && (current.term.back() == '+' || current.term.back() == '#')) flush();
            if (current.term.empty()) current.begin = i;
            appendFolded(current.term, text, i, len, c);
            current.end = i + len;
        } else if ((c == '+' || c == '#') && !current.term.empty()) {
            current.term.push_back(static_cast<char>(c));
            current.end = i + len;
        } else {
            flush();
            if (isCjk(c)) tokens.push_back(Token{std::string(text.substr(i, len)), i, i + len});
        }
        i += len;
    }
    flush();
    return tokens;
}

std::vector<std::string> hashtags(std::string_view text) {
    std::vector<std::string> tags;
    std::set<std::string> seen;
    bool afterWord = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto [c, len] = decode(text, i);
        if (c == '#' && !afterWord) {
            std::string tag = "#";
            std::size_t j = i + 1;
            while (j < text.size()) {
                const auto [d, dlen] = decode(text, j);
                if (!isWord(d) && d != '_') break;
                appendFolded(tag, text, j, dlen, d);
                j += dlen;
            }
            if (tag.size() > 1 && seen.insert(tag).second) tags.push_back(tag);
            afterWord = true;
            i = j;
            continue;
        }
        afterWord = isWord(c) || c == '_';
        i += len;
    }
    return tags;
}

std::string indexTerms(std::string_view text, bool withHashtags) {
    std::string out;
    for (const Token& t : tokenize(text)) out += (out.empty() ? "" : " ") + t.term;
    if (withHashtags) {
        for (const auto& tag : hashtags(text)) out += (out.empty() ? "" : " ") + tag;
    }
    return out;
}

Result<SearchQuery> parseQuery(std::string_view field, std::string_view text) {
    DEVCOLL_CHECK(checkText(field, text, 0, kMaxQueryLength, true));
    SearchQuery query;
    // As-you-type: when the query ends with a plain required word, it may be unfinished.
    bool endsWithPlainWord = false;
    std::size_t i = 0;
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (i < text.size()) {
        if (isSpace(text[i])) {
            ++i;
            continue;
        }
        endsWithPlainWord = false;
        bool negated = false;
        if (text[i] == '-' && i + 1 < text.size() && !isSpace(text[i + 1])) {
            negated = true;
            ++i;
        }
        Clause clause;
        bool plain = false;
        if (text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);
            const std::size_t end = close == std::string_view::npos ? text.size() : close;
            clause = clauseOf(text.substr(i + 1, end - i - 1));
            i = close == std::string_view::npos ? text.size() : close + 1;
        } else {
            std::size_t end = i;
            while (end < text.size() && !isSpace(text[end])) ++end;
            const std::string_view word = text.substr(i, end - i);
            i = end;
            if (!negated && word.size() > 5 && asciiLower(word.substr(0, 5)) == "from:") {
                const std::string_view name = word.substr(5);
                if (checkUsername("from", name).ok()) {
                    query.fromUsernames.push_back(asciiLower(name));
                    continue;
                }
            }
            if (word.size() > 1 && word.front() == '#') {
                const auto tags = hashtags(word);
                if (!tags.empty()) {
                    if (negated) {
                        query.excluded.push_back(Clause{{tags.front()}, false});
                    } else {
                        query.tags.push_back(tags.front());
                    }
                    continue;
                }
            }
            clause = clauseOf(word);
            plain = true;
        }
        if (clause.terms.empty()) continue;  // only symbols: nothing to look for
        if (negated) {
            query.excluded.push_back(std::move(clause));
        } else {
            query.required.push_back(std::move(clause));
            endsWithPlainWord = plain;
        }
    }
    if (endsWithPlainWord) query.required.back().prefix = true;
    return query;
}

std::optional<std::string> toFts5(const SearchQuery& query, bool withTags) {
    const std::vector<Clause> required = requiredWithTags(query, withTags);
    if (required.empty()) return std::nullopt;
    std::string out = "(";
    for (std::size_t i = 0; i < required.size(); ++i) out += (i ? " AND " : "") + fts5Clause(required[i]);
    out += ")";
    for (const Clause& c : query.excluded) out += " NOT " + fts5Clause(c);
    return out;
}

std::optional<std::string> toTsQuery(const SearchQuery& query, bool withTags) {
    const std::vector<Clause> required = requiredWithTags(query, withTags);
    if (required.empty()) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < required.size(); ++i) out += (i ? " & " : "") + tsClause(required[i]);
    for (const Clause& c : query.excluded) out += " & !" + tsClause(c);
    return out;
}

std::string toTsVector(std::string_view text, bool withHashtags, char weight) {
    // PostgreSQL keeps positions up to 16383; later words still count, at the last position.
    constexpr std::size_t kMaxPosition = 16383;
    std::map<std::string, std::vector<std::size_t>> positions;
    std::size_t position = 0;
    const auto add = [&](const std::string& term) {
        position = std::min(position + 1, kMaxPosition);
        auto& list = positions[term];
        if (list.empty() || list.back() != position) list.push_back(position);
    };
    for (const Token& t : tokenize(text)) add(t.term);
    if (withHashtags) {
        for (const auto& tag : hashtags(text)) add(tag);
    }
    std::string out;
    for (const auto& [term, at] : positions) {
        if (!out.empty()) out += ' ';
        out += quoted(term, '\'');
        for (std::size_t k = 0; k < at.size() && k < 256; ++k) {
            out += (k ? "," : ":") + std::to_string(at[k]);
            if (weight) out.push_back(weight);
        }
    }
    return out;
}

namespace {

// Markdown's marks out, code kept, whitespace collapsed: what a snippet shows.
std::string plainText(std::string_view body) {
    std::string out;
    std::size_t lineStart = 0;
    while (lineStart <= body.size()) {
        std::size_t lineEnd = body.find('\n', lineStart);
        if (lineEnd == std::string_view::npos) lineEnd = body.size();
        std::string_view line = body.substr(lineStart, lineEnd - lineStart);
        const std::size_t first = line.find_first_not_of(" \t");
        std::string_view rest = first == std::string_view::npos ? std::string_view() : line.substr(first);
        if (rest.rfind("```", 0) == 0 || rest.rfind("~~~", 0) == 0) rest = {};  // a fence line
        while (!rest.empty() && (rest.front() == '#' || rest.front() == '>')) {
            // A heading's or a quote's marks, but not a hashtag.
            if (rest.front() == '#' && rest.size() > 1 && rest[1] != '#' && rest[1] != ' ') break;
            rest.remove_prefix(1);
        }
        for (char c : rest) {
            if (c == '`' || c == '*') continue;
            const bool space = c == ' ' || c == '\t' || c == '\r';
            if (space && (out.empty() || out.back() == ' ')) continue;
            out.push_back(space ? ' ' : c);
        }
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
        lineStart = lineEnd + 1;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool matches(const Token& token, const std::vector<Clause>& clauses) {
    for (const Clause& c : clauses) {
        for (std::size_t i = 0; i < c.terms.size(); ++i) {
            const bool prefix = c.prefix && i + 1 == c.terms.size();
            if (token.term == c.terms[i] || (prefix && token.term.rfind(c.terms[i], 0) == 0)) return true;
        }
    }
    return false;
}

// The start of the code point at or before `i`.
std::size_t codePointStart(std::string_view s, std::size_t i) {
    while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

}  // namespace

Highlighted snippet(std::string_view body, const SearchQuery& query, std::size_t maxChars) {
    const std::string plain = plainText(body);
    const std::vector<Token> tokens = tokenize(plain);
    // A #tag that matched shows as its word.
    std::vector<Clause> shown = query.required;
    for (const std::string& tag : query.tags) shown.push_back(Clause{{tag.substr(1)}, false});
    std::size_t anchor = 0;
    for (const Token& t : tokens) {
        if (matches(t, shown)) {
            anchor = t.begin;
            break;
        }
    }
    // Some context before the first match, then as much as fits; cut at spaces where possible.
    std::size_t from = anchor > maxChars / 3 ? anchor - maxChars / 3 : 0;
    if (from > 0) {
        const std::size_t space = plain.find(' ', from);
        from = space != std::string::npos && space < anchor ? space + 1 : codePointStart(plain, from);
    }
    std::size_t to = std::min(plain.size(), from + maxChars);
    if (to < plain.size()) {
        const std::size_t space = plain.rfind(' ', to);
        to = space != std::string::npos && space > anchor ? space : codePointStart(plain, to);
    }
    Highlighted out;
    const std::string ellipsis = "\u2026";
    if (from > 0) out.text = ellipsis;
    const std::size_t shift = out.text.size();
    out.text += plain.substr(from, to - from);
    if (to < plain.size()) out.text += ellipsis;
    for (const Token& t : tokens) {
        if (t.begin >= from && t.end <= to && matches(t, shown)) {
            out.highlights.emplace_back(t.begin - from + shift, t.end - from + shift);
        }
    }
    return out;
}

}  // namespace devcoll::search
