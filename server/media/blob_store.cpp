#include "media/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devcoll/ids.h"

namespace devcoll::media {
namespace {

namespace fs = std::filesystem;

Error ioError(const std::string& what, const fs::path& path, int error) {
    return makeError(ErrorCode::Internal, what + " " + path.string() + ": " + std::strerror(error));
}

// A rename is durable once the directory holding the new name is synced.
Status syncDirectory(const fs::path& dir) {
    FileHandle handle(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!handle.valid()) return ioError("cannot open directory", dir, errno);
    return handle.sync();
}

bool isHexSha256(std::string_view name) {
    if (name.size() != 64) return false;
    for (char c : name) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

FileHandle::~FileHandle() {
    if (m_fd >= 0) ::close(m_fd);
}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

Result<std::string> FileHandle::readAt(std::int64_t offset, std::size_t size) const {
    std::string out(size, '\0');
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(m_fd, out.data() + done, size - done, static_cast<off_t>(offset) + done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return makeError(ErrorCode::Internal, std::string("cannot read media file: ") + std::strerror(errno));
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

Status FileHandle::writeAll(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            // A full disk is the operator's to fix; the client may retry later.
            const ErrorCode code = errno == ENOSPC ? ErrorCode::Unavailable : ErrorCode::Internal;
            return makeError(code, std::string("cannot write media file: ") + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

Status FileHandle::sync() const {
    if (::fdatasync(m_fd) != 0) {
        return makeError(ErrorCode::Internal, std::string("cannot sync media file: ") + std::strerror(errno));
    }
    return {};
}

Result<std::int64_t> FileHandle::size() const {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        return makeError(ErrorCode::Internal, std::string("cannot stat media file: ") + std::strerror(errno));
    }
    return static_cast<std::int64_t>(st.st_size);
}

BlobStore::BlobStore(fs::path root) : m_root(std::move(root)) {}

Result<BlobStore> BlobStore::open(const fs::path& root) {
    for (const char* dir : {"blobs", "uploads", "tmp"}) {
        std::error_code ec;
        fs::create_directories(root / dir, ec);
        if (ec) return makeError(ErrorCode::Internal, "cannot create " + (root / dir).string() + ": " + ec.message());
    }
    // Temporary files of writes a crash interrupted are never needed again.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) fs::remove(entry.path(), ec);
    return BlobStore(root);
}

fs::path BlobStore::blobPathUnder(const fs::path& root, const std::string& sha256) {
    return root / "blobs" / sha256.substr(0, 2) / sha256;
}

Status BlobStore::place(const std::string& sha256, std::string_view bytes) {
    const fs::path target = blobPath(sha256);
    std::error_code ec;
    if (fs::exists(target, ec)) return {};
    // A new fan-out directory must itself be durable, or a crash could lose every file in it.
    if (fs::create_directories(target.parent_path(), ec)) DEVCOLL_CHECK(syncDirectory(m_root / "blobs"));
    if (ec) return ioError("cannot create", target.parent_path(), ec.value());
    // Written under a temporary name and renamed: a blob file is either whole or absent.
    const fs::path temp = m_root / "tmp" / (newUuidV7() + ".blob");
    {
        FileHandle file(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
        if (!file.valid()) return ioError("cannot create", temp, errno);
        Status written = file.writeAll(bytes);
        if (written.ok()) written = file.sync();
        if (!written.ok()) {
            fs::remove(temp, ec);
            return written;
        }
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int error = errno;
        fs::remove(temp, ec);
        return ioError("cannot move a blob to", target, error);
    }
    return syncDirectory(target.parent_path());
}

Status BlobStore::remove(const std::string& sha256) {
    const fs::path path = blobPath(sha256);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ioError("cannot remove", path, errno);
    return {};
}

Result<FileHandle> BlobStore::openBlob(const std::string& sha256) const {
    const fs::path path = blobPath(sha256);
    FileHandle file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    // Gone: the media item was deleted between its lookup and here.
    if (!file.valid() && errno == ENOENT) return makeError(ErrorCode::NotFound, "media_id: no such media");
    if (!file.valid()) return ioError("cannot open", path, errno);
    return file;
}

Result<std::vector<std::string>> BlobStore::listBlobs() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(m_root / "blobs", ec); !ec && it != fs::end(it); it.increment(ec)) {
        if (it->is_regular_file(ec) && isHexSha256(it->path().filename().string())) {
            names.push_back(it->path().filename().string());
        }
    }
    if (ec) return makeError(ErrorCode::Internal, "cannot list " + (m_root / "blobs").string() + ": " + ec.message());
    return names;
}

fs::path BlobStore::partialPath(const std::string& mediaId) const { return m_root / "uploads" / (mediaId + ".part"); }

Result<FileHandle> BlobStore::openPartial(const std::string& mediaId, std::int64_t committed) {
    const fs::path path = partialPath(mediaId);
    FileHandle file(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640));
    if (!file.valid()) return ioError("cannot open", path, errno);
    DEVCOLL_TRY(const std::int64_t size, file.size());
    if (size < committed) {
        // The database says more arrived than the file holds: the file was lost. Starting
        // over is the only safe answer.
        return makeError(ErrorCode::FailedPrecondition,
                         "the partial upload's bytes are gone; upload again under a new media_id");
    }
    if (::ftruncate(file.fd(), static_cast<off_t>(committed)) != 0) return ioError("cannot truncate", path, errno);
    // A new file's name must be durable before an offset in it is recorded.
    if (committed == 0) DEVCOLL_CHECK(syncDirectory(m_root / "uploads"));
    if (::lseek(file.fd(), static_cast<off_t>(committed), SEEK_SET) < 0) return ioError("cannot seek", path, errno);
    return file;
}

Result<FileHandle> BlobStore::openPartialForReading(const std::string& mediaId) const {
    const fs::path path = partialPath(mediaId);
    FileHandle file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file.valid()) return ioError("cannot open", path, errno);
    return file;
}

void BlobStore::removePartial(const std::string& mediaId) {
    std::error_code ec;
    fs::remove(partialPath(mediaId), ec);
}

Result<std::vector<std::string>> BlobStore::listPartials() const {
    std::vector<std::string> ids;
    std::error_code ec;
    for (auto it = fs::directory_iterator(m_root / "uploads", ec); !ec && it != fs::end(it); it.increment(ec)) {
        if (it->path().extension() == ".part") ids.push_back(it->path().stem().string());
    }
    if (ec) return makeError(ErrorCode::Internal, "cannot list " + (m_root / "uploads").string() + ": " + ec.message());
    return ids;
}

std::string sha256Hex(std::string_view bytes) {
    // OpenSSL's SHA-256 uses the CPU's SHA instructions: six times libsodium's speed here.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
    char hex[EVP_MAX_MD_SIZE * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, size);
    return hex;
}

}  // namespace devcoll::media
