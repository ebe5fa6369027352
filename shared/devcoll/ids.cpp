#include "devcoll/ids.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace devcoll {
namespace {

void ensureSodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string toHex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

}  // namespace

std::string newUuidV7() { return newUuidV7At(std::chrono::system_clock::now()); }

std::string newUuidV7At(std::chrono::system_clock::time_point at) {
    ensureSodium();
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
    for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x70);  // version 7
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
    const std::string hex = toHex(b.data(), b.size());
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
           hex.substr(20, 12);
}

bool isUuidV7(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    }
    const char variant = static_cast<char>(std::tolower(static_cast<unsigned char>(text[19])));
    return text[14] == '7' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

std::optional<std::chrono::system_clock::time_point> uuidV7Time(std::string_view text) {
    if (!isUuidV7(text)) return std::nullopt;
    const std::string hex = std::string(text.substr(0, 8)) + std::string(text.substr(9, 4));
    const auto ms = std::stoull(hex, nullptr, 16);
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

std::string randomHex(std::size_t bytes) {
    ensureSodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return toHex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

}  // namespace devcoll
