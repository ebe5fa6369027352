#include "platform/security/page_tokens.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace devcoll::security {
namespace fs = std::filesystem;
namespace {
constexpr std::size_t kMaxTokenChars = 1024;
}

Result<std::unique_ptr<PageTokens>> PageTokens::load(const std::string& directory) {
    if (sodium_init() < 0) return makeError(ErrorCode::Internal, "libsodium could not be initialised");
    const fs::path path = fs::path(directory) / "page-token.secret";
    std::error_code ec;
    fs::create_directories(directory, ec);
    // Created exclusively: of several processes starting at once, one writes the secret and
    // all of them read that one.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
        unsigned char key[crypto_auth_KEYBYTES];
        crypto_auth_keygen(key);
        const bool written = ::write(fd, key, sizeof key) == static_cast<ssize_t>(sizeof key) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) return makeError(ErrorCode::Internal, "cannot write " + path.string());
    } else if (errno != EEXIST) {
        return makeError(ErrorCode::Internal, "cannot create " + path.string() + ": " + std::strerror(errno));
    }
    std::string key;
    for (int attempt = 0; attempt < 50 && key.size() != crypto_auth_KEYBYTES; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));  // another writer is mid-way
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        key = text.str();
    }
    if (key.size() != crypto_auth_KEYBYTES) return makeError(ErrorCode::Internal, path.string() + " is damaged");
    return std::unique_ptr<PageTokens>(new PageTokens(std::move(key)));
}

std::string PageTokens::seal(const std::string& payload) const {
    std::string raw = payload;
    raw.resize(payload.size() + crypto_auth_BYTES);
    crypto_auth(reinterpret_cast<unsigned char*>(raw.data() + payload.size()),
                reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                reinterpret_cast<const unsigned char*>(m_key.data()));
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

Result<std::string> PageTokens::open(const std::string& token, const std::string& field) const {
    const Error bad = invalidArgument(field, "is not a page token this server issued");
    if (token.size() > kMaxTokenChars) return bad;
    std::string raw(token.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), token.data(), token.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length < crypto_auth_BYTES) {
        return bad;
    }
    const std::size_t payloadSize = length - crypto_auth_BYTES;
    if (crypto_auth_verify(reinterpret_cast<const unsigned char*>(raw.data() + payloadSize),
                           reinterpret_cast<const unsigned char*>(raw.data()), payloadSize,
                           reinterpret_cast<const unsigned char*>(m_key.data())) != 0) {
        return bad;
    }
    return raw.substr(0, payloadSize);
}

}  // namespace devcoll::security
