#pragma once
// BlobStore: the media service's files. Finished variants live under their SHA-256
// (blobs/ab/abcdef…), so equal bytes are stored once; uploads in progress live in
// uploads/<media id>.part until they are complete.
//
// Files and database rows must agree across crashes and concurrent uploads. The rule: a
// blob's file is put in place *before* the transaction that references it commits, and is
// removed only *after* the transaction that drops its last reference commits; both steps
// hold the store's lock (see claimLock()), so a sweep never removes a file between another
// upload's placing it and its commit. The media service runs as one process per data
// directory, so an in-process lock is enough.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::media {

// An open file descriptor, closed when it goes.
class FileHandle final {
public:
    FileHandle() = default;
    explicit FileHandle(int fd) : m_fd(fd) {}
    ~FileHandle();
    FileHandle(FileHandle&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    FileHandle& operator=(FileHandle&& other) noexcept;
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;

    int fd() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

    // Reads up to `size` bytes at `offset` (fewer only at the end of the file).
    Result<std::string> readAt(std::int64_t offset, std::size_t size) const;
    Status writeAll(std::string_view bytes);
    // Makes what was written durable (fdatasync).
    Status sync() const;
    Result<std::int64_t> size() const;

private:
    int m_fd = -1;
};

class BlobStore final {
public:
    // Creates the directories under `root` when missing.
    static Result<BlobStore> open(const std::filesystem::path& root);

    // --- blobs
    std::filesystem::path blobPath(const std::string& sha256) const { return blobPathUnder(m_root, sha256); }
    // Where a blob lives below a media directory (also in a backup's copy of one).
    static std::filesystem::path blobPathUnder(const std::filesystem::path& root, const std::string& sha256);
    // Writes `bytes` durably under their SHA-256 (hex, given) unless the file is there
    // already. Call with claimLock() held.
    Status place(const std::string& sha256, std::string_view bytes);
    // Removes a blob's file. Call with claimLock() held, after the row is gone.
    Status remove(const std::string& sha256);
    Result<FileHandle> openBlob(const std::string& sha256) const;
    // Every blob file's name (its SHA-256), for the startup sweep of orphans.
    Result<std::vector<std::string>> listBlobs() const;
    std::mutex& claimLock() { return *m_claimLock; }

    // --- uploads in progress
    // The partial file of an upload, opened for appending after its first `committed` bytes
    // (anything past them, written but never committed, is cut off).
    Result<FileHandle> openPartial(const std::string& mediaId, std::int64_t committed);
    Result<FileHandle> openPartialForReading(const std::string& mediaId) const;
    void removePartial(const std::string& mediaId);
    // The media ids of every partial file, for the startup sweep of orphans.
    Result<std::vector<std::string>> listPartials() const;

private:
    explicit BlobStore(std::filesystem::path root);
    std::filesystem::path partialPath(const std::string& mediaId) const;

    std::filesystem::path m_root;
    std::unique_ptr<std::mutex> m_claimLock = std::make_unique<std::mutex>();
};

// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(std::string_view bytes);

}  // namespace devcoll::media
