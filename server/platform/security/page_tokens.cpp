#include "platform/security/page_tokens.h"

#include <sodium.h>

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
    if (!fs::exists(path)) {
        std::string key(crypto_auth_KEYBYTES, '\0');
        crypto_auth_keygen(reinterpret_cast<unsigned char*>(key.data()));
        const fs::path tmp = path.string() + ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
            out << key;
            if (!out.flush()) return makeError(ErrorCode::Internal, "cannot write " + tmp.string());
        }
        fs::rename(tmp, path, ec);
        if (ec) return makeError(ErrorCode::Internal, "cannot write " + path.string());
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string key = text.str();
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
