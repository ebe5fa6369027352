#pragma once
// Opaque secret tokens (refresh tokens, password reset tokens): 256 random bits shown to the
// client once, and only a hash stored, so a leaked database does not leak usable tokens.
#include <string>
#include <string_view>

namespace devcoll::security {

// A new token: `prefix` then 64 hex characters ("rt_3f9a...").
std::string newSecretToken(std::string_view prefix);

// The hash stored for a token (BLAKE2b-256, hex).
std::string hashSecretToken(std::string_view token);

}  // namespace devcoll::security
