#include "devcoll/validation.h"

#include <algorithm>
#include <cctype>

#include "devcoll/ids.h"

namespace devcoll {
namespace {

// Decodes one code point at `i`, advancing it; returns -1 on malformed input.
long decodeOne(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    int extra = 0;
    long cp = 0;
    long min = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        extra = 1, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3, cp = lead & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (i + extra >= s.size()) return -1;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
        const unsigned char c = byte(i + k);
        if ((c & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += extra + 1;
    return cp;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (decodeOne(text, i) < 0) return false;
    }
    return true;
}

std::size_t codePointCount(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string excerptOf(std::string_view text, std::size_t maxCodePoints) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == maxCodePoints) {
            return std::string(text.substr(0, i)) + "…";
        }
    }
    return std::string(text);
}

std::string asciiLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Status checkText(std::string_view field, std::string_view text, std::size_t min, std::size_t max, bool multiline) {
    const std::string name(field);
    if (!isValidUtf8(text)) return invalidArgument(name, "is not valid UTF-8");
    const std::size_t n = codePointCount(text);
    if (n < min) {
        return invalidArgument(
            name, min == 1 ? "must not be empty" : "must have at least " + std::to_string(min) + " characters");
    }
    if (n > max) return invalidArgument(name, "must have at most " + std::to_string(max) + " characters");
    for (unsigned char c : text) {
        const bool allowedControl = multiline && (c == '\n' || c == '\t' || c == '\r');
        if ((c < 0x20 || c == 0x7F) && !allowedControl) {
            return invalidArgument(name, "must not contain control characters");
        }
    }
    return {};
}

Status checkUsername(std::string_view field, std::string_view username) {
    const std::string name(field);
    if (username.size() < 3 || username.size() > 30) return invalidArgument(name, "must have 3 to 30 characters");
    for (unsigned char c : username) {
        if (!(std::isalnum(c) || c == '_') || c >= 0x80) {
            return invalidArgument(name, "may only contain letters a-z, digits and '_'");
        }
    }
    return {};
}

Status checkEmail(std::string_view field, std::string_view email) {
    const std::string name(field);
    if (email.empty()) return invalidArgument(name, "must not be empty");
    if (email.size() > 254) return invalidArgument(name, "must have at most 254 characters");
    if (!isValidUtf8(email)) return invalidArgument(name, "is not valid UTF-8");
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
        return invalidArgument(name, "is not an e-mail address");
    }
    const std::string_view domain = email.substr(at + 1);
    const auto dot = domain.find('.');
    if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos) {
        return invalidArgument(name, "is not an e-mail address");
    }
    for (unsigned char c : email) {
        if (c <= 0x20 || c == 0x7F) return invalidArgument(name, "must not contain spaces or control characters");
    }
    return {};
}

Status checkUuidV7(std::string_view field, std::string_view id) {
    const std::string name(field);
    if (id.empty()) return invalidArgument(name, "must not be empty");
    if (!isUuidV7(id)) return invalidArgument(name, "must be a UUIDv7 such as 0190b6c4-7d3e-7a1b-8c2d-3e4f5a6b7c8d");
    return {};
}

}  // namespace devcoll
