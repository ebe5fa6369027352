#pragma once
// Checks of untrusted text shared by the server (request validation) and the app (form hints).
// Lengths are counted in Unicode code points, the "characters" users see in limits.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "devcoll/result.h"

namespace devcoll {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

// Number of code points in valid UTF-8 text.
std::size_t codePointCount(std::string_view text);

// The first `maxCodePoints` code points of valid UTF-8 text, with "…" when cut.
std::string excerptOf(std::string_view text, std::size_t maxCodePoints);

// The lower-case form of ASCII letters; other bytes unchanged.
std::string asciiLower(std::string_view text);

// `field` must be valid UTF-8 of `min`..`max` code points, without control characters
// other than newline and tab when `multiline`.
Status checkText(std::string_view field, std::string_view text, std::size_t min, std::size_t max,
                 bool multiline = false);

// 3-30 characters of [a-z0-9_] (upper case is accepted and folded by the caller).
Status checkUsername(std::string_view field, std::string_view username);

// A practical e-mail syntax check: one '@', a non-empty local part, a dotted domain,
// at most 254 characters, no spaces or control characters.
Status checkEmail(std::string_view field, std::string_view email);

// A canonical UUIDv7 string.
Status checkUuidV7(std::string_view field, std::string_view id);

}  // namespace devcoll
