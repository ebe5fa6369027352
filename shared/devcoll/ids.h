#pragma once
// UUIDv7 identifiers (RFC 9562): 48 bits of Unix milliseconds, then random bits from a CSPRNG.
// Time-ordered, so ids sort roughly by creation, and clients can choose them offline.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace devcoll {

// A new UUIDv7 in canonical lower-case form (8-4-4-4-12).
std::string newUuidV7();
std::string newUuidV7At(std::chrono::system_clock::time_point at);

// True for a well-formed UUID of version 7 in canonical form (either case accepted).
bool isUuidV7(std::string_view text);

// The creation time encoded in a UUIDv7, if `text` is one.
std::optional<std::chrono::system_clock::time_point> uuidV7Time(std::string_view text);

// Random bytes from libsodium's CSPRNG, as lower-case hex (2 characters per byte).
std::string randomHex(std::size_t bytes);

}  // namespace devcoll
