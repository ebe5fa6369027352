#include "devcoll/mentions.h"

#include <algorithm>

#include "devcoll/validation.h"

namespace devcoll {
namespace {

constexpr std::size_t kMinName = 3;
constexpr std::size_t kMaxName = 30;

bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A line that opens or closes a fenced code block: up to three spaces, then ``` or ~~~.
bool isFence(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    const std::string_view rest = line.substr(i);
    return rest.starts_with("```") || rest.starts_with("~~~");
}

// The mentions of one line outside code spans, appended to `out`; `base` is the line's offset.
void mentionsInLine(std::string_view line, std::size_t base, std::vector<Mention>& out) {
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == '`') {
            // A code span runs to the next run of as many backticks; unmatched, it is text.
            std::size_t ticks = 0;
            while (i + ticks < line.size() && line[i + ticks] == '`') ++ticks;
            const std::string fence(ticks, '`');
            const std::size_t close = line.find(fence, i + ticks);
            i = close == std::string_view::npos ? i + ticks : close + ticks;
            continue;
        }
        if (line[i] != '@' || (i > 0 && (isNameChar(line[i - 1]) || line[i - 1] == '@' || line[i - 1] == '/'))) {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < line.size() && isNameChar(line[end])) ++end;
        const std::size_t nameLength = end - i - 1;
        if (nameLength >= kMinName && nameLength <= kMaxName) {
            out.push_back(Mention{base + i, nameLength + 1, std::string(line.substr(i + 1, nameLength))});
        }
        i = end;
    }
}

}  // namespace

std::vector<Mention> findMentions(std::string_view text) {
    std::vector<Mention> out;
    bool inFence = false;
    bool inIndented = false;    // an indented code block: after a blank line, 4 spaces or a tab
    bool previousBlank = true;  // the start of the text counts as after a blank line
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t newline = text.find('\n', start);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        const std::string_view line = text.substr(start, end - start);
        const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        const bool indented = line.starts_with("    ") || line.starts_with('\t');
        if (!inFence && indented && !blank && (previousBlank || inIndented)) {
            inIndented = true;
        } else if (!blank) {
            inIndented = false;
        }
        if (isFence(line)) {
            inFence = !inFence;
        } else if (!inFence && !inIndented) {
            mentionsInLine(line, start, out);
        }
        previousBlank = blank;
        if (newline == std::string_view::npos) break;
        start = newline + 1;
    }
    return out;
}

std::vector<std::string> mentionedUsernames(std::string_view text, std::size_t limit) {
    std::vector<std::string> names;
    for (const Mention& m : findMentions(text)) {
        if (names.size() >= limit) break;
        std::string name = asciiLower(m.username);
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
    return names;
}

}  // namespace devcoll
