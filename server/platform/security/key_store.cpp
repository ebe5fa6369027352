#include "platform/security/key_store.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devcoll/ids.h"

namespace devcoll::security {
namespace fs = std::filesystem;
namespace {

constexpr auto kReloadInterval = std::chrono::seconds(60);
// Retired keys verify for a token lifetime plus this margin for clock skew.
constexpr auto kRetirementMargin = std::chrono::minutes(5);

Result<std::string> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::Internal, "cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Status writePrivateFile(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return makeError(ErrorCode::Internal, "cannot write " + tmp.string());
        fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        out << text;
        if (!out.flush()) return makeError(ErrorCode::Internal, "cannot write " + tmp.string());
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot write " + path.string() + ": " + ec.message());
    return {};
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// A new P-256 key pair as (PKCS#8 private PEM, SPKI public PEM).
Result<std::pair<std::string, std::string>> generateKeyPair() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key) return makeError(ErrorCode::Internal, "cannot generate a P-256 key");
    BIO* priv = BIO_new(BIO_s_mem());
    BIO* pub = BIO_new(BIO_s_mem());
    const bool ok = PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
                    PEM_write_bio_PUBKEY(pub, key) == 1;
    std::pair<std::string, std::string> out{bioText(priv), bioText(pub)};
    BIO_free(priv);
    BIO_free(pub);
    EVP_PKEY_free(key);
    if (!ok) return makeError(ErrorCode::Internal, "cannot encode a P-256 key");
    return out;
}

Status ensureDirectory(const std::string& directory) {
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot create " + directory + ": " + ec.message());
    fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, ec);
    return {};
}

Result<std::string> createKey(const std::string& directory) {
    DEVCOLL_CHECK(ensureDirectory(directory));
    DEVCOLL_TRY(auto pair, generateKeyPair());
    const std::string kid = newUuidV7();
    DEVCOLL_CHECK(writePrivateFile(fs::path(directory) / (kid + ".key"), pair.first));
    DEVCOLL_CHECK(writePrivateFile(fs::path(directory) / (kid + ".pub"), pair.second));
    spdlog::info("created token signing key {} in {}", kid, directory);
    return kid;
}

// A key retired by `successor` (the next newer kid) may still verify while its tokens live.
bool stillVerifies(const std::string& successor, std::chrono::seconds lifetime) {
    const auto created = uuidV7Time(successor);
    return created && std::chrono::system_clock::now() < *created + lifetime + kRetirementMargin;
}

}  // namespace

Result<std::unique_ptr<KeyStore>> KeyStore::open(const std::string& directory, std::chrono::seconds lifetime) {
    std::unique_ptr<KeyStore> store(new KeyStore(directory, lifetime));
    DEVCOLL_CHECK(store->reload());
    if (store->m_keys.empty()) {
        DEVCOLL_TRY(auto kid, createKey(directory));
        (void)kid;
        DEVCOLL_CHECK(store->reload());
    }
    return store;
}

Result<std::unique_ptr<KeyStore>> KeyStore::openExisting(const std::string& directory, std::chrono::seconds lifetime) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        return makeError(ErrorCode::NotFound, "no keys directory " + directory + " (see --data-dir and --keys-dir)");
    }
    std::unique_ptr<KeyStore> store(new KeyStore(directory, lifetime));
    DEVCOLL_CHECK(store->reload());
    if (store->m_keys.empty()) return makeError(ErrorCode::NotFound, "no signing keys in " + directory);
    return store;
}

Result<std::string> KeyStore::rotate(const std::string& directory, std::chrono::seconds lifetime) {
    DEVCOLL_TRY(const std::string kid, createKey(directory));
    // Remove keys whose successor is older than a day: nothing they signed is still valid.
    std::vector<std::string> kids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        if (entry.path().extension() == ".pub") kids.push_back(entry.path().stem().string());
    }
    std::sort(kids.begin(), kids.end());
    for (std::size_t i = 0; i + 1 < kids.size(); ++i) {
        const auto successorCreated = uuidV7Time(kids[i + 1]);
        if (successorCreated &&
            std::chrono::system_clock::now() > *successorCreated + lifetime + std::chrono::hours(24)) {
            fs::remove(fs::path(directory) / (kids[i] + ".key"), ec);
            fs::remove(fs::path(directory) / (kids[i] + ".pub"), ec);
            spdlog::info("removed retired signing key {}", kids[i]);
        }
    }
    return kid;
}

Status KeyStore::reload() {
    std::map<std::string, KeyPair> keys;
    std::error_code ec;
    if (fs::exists(m_directory, ec)) {
        for (const auto& entry : fs::directory_iterator(m_directory, ec)) {
            const std::string kid = entry.path().stem().string();
            if (!isUuidV7(kid)) continue;
            const auto ext = entry.path().extension();
            if (ext != ".key" && ext != ".pub") continue;
            DEVCOLL_TRY(std::string text, readFile(entry.path()));
            (ext == ".key" ? keys[kid].privatePem : keys[kid].publicPem) = std::move(text);
        }
    }
    std::erase_if(keys, [](const auto& kv) { return kv.second.publicPem.empty(); });
    std::lock_guard lock(m_mutex);
    m_keys = std::move(keys);
    m_loadedAt = std::chrono::steady_clock::now();
    return {};
}

Result<SigningKey> KeyStore::signingKey() {
    bool stale = false;
    {
        std::lock_guard lock(m_mutex);
        stale = std::chrono::steady_clock::now() - m_loadedAt > kReloadInterval;
    }
    if (stale) {
        if (Status s = reload(); !s.ok()) spdlog::warn("cannot re-read signing keys: {}", s.error().message);
    }
    std::lock_guard lock(m_mutex);
    if (m_keys.empty() || m_keys.rbegin()->second.privatePem.empty()) {
        return makeError(ErrorCode::Internal, "no private signing key in " + m_directory);
    }
    return SigningKey{m_keys.rbegin()->first, m_keys.rbegin()->second.privatePem};
}

std::optional<std::string> KeyStore::verificationKey(const std::string& kid) {
    if (!isUuidV7(kid)) return std::nullopt;
    bool known = false;
    bool mayReload = false;
    {
        std::lock_guard lock(m_mutex);
        known = m_keys.contains(kid);
        // An unknown kid may be a key rotated in by another process: look again, rarely.
        mayReload = !known && std::chrono::steady_clock::now() - m_loadedAt > std::chrono::seconds(5);
    }
    if (mayReload) {
        if (Status s = reload(); !s.ok()) spdlog::warn("cannot re-read signing keys: {}", s.error().message);
    }
    std::lock_guard lock(m_mutex);
    const auto it = m_keys.find(kid);
    if (it == m_keys.end()) return std::nullopt;
    const auto next = std::next(it);
    if (next != m_keys.end() && !stillVerifies(next->first, m_lifetime)) return std::nullopt;
    return it->second.publicPem;
}

}  // namespace devcoll::security
