#pragma once
// MediaStore: uploads, media, their variants, blob reference counts and media uses on the
// media service's database, and the events their changes publish, in the same transactions.
// Files are BlobStore's; this class keeps the rows that say which files are wanted.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/media/v1/media.pb.h"
#include "devcoll/result.h"
#include "platform/events/outbox_relay.h"
#include "platform/storage/database.h"

namespace devcoll::media {

using Media = devcoll::media::v1::Media;
using UploadMetadata = devcoll::media::v1::UploadMetadata;

// An upload's row.
struct UploadRecord final {
    std::string mediaId;
    std::string ownerId;
    std::string fileName;
    std::int64_t totalSize = 0;
    std::string sha256;  // declared by the client; may be empty
    std::int64_t committedOffset = 0;
    int state = devcoll::media::v1::UPLOAD_STATE_UNSPECIFIED;
    std::string error;
    std::int64_t expiresAt = 0;  // micros
};

// One stored variant of a media item, as written at completion.
struct StoredVariant final {
    int variant = devcoll::media::v1::VARIANT_UNSPECIFIED;
    std::string blobSha256;
    std::string contentType;
    int width = 0;
    int height = 0;
    std::int64_t sizeBytes = 0;
};

// What the first message of an upload finds.
struct UploadStart final {
    UploadRecord upload;
    std::optional<Media> completed;  // set when this upload finished before (an idempotent retry)
};

struct MediaCursor final {
    std::int64_t createdAt = 0;
    std::string id;
};

struct MediaPage final {
    std::vector<Media> media;
    std::optional<MediaCursor> next;
};

struct UploadPolicy final {
    std::int64_t maxUploadBytes = 16 * 1024 * 1024;
    std::int64_t quotaBytes = 1024LL * 1024 * 1024;
    std::chrono::seconds expiry{24 * 3600};
};

class MediaStore final {
public:
    MediaStore(storage::Database& db, events::OutboxRelay& relay, UploadPolicy policy)
        : m_db(db), m_relay(relay), m_policy(policy) {}

    const UploadPolicy& policy() const { return m_policy; }

    // Starts an upload, or finds the one to resume or the finished one to return again.
    // AlreadyExists when the id is taken by another file; ResourceExhausted past the quota;
    // FailedPrecondition for a failed upload, or a new one not starting at `offset` 0.
    Result<UploadStart> begin(const std::string& ownerId, const UploadMetadata& metadata, std::int64_t offset);
    Result<std::optional<UploadRecord>> upload(const std::string& mediaId);
    // Records that the first `offset` bytes are durable, and pushes the expiry back.
    Status commitOffset(const std::string& mediaId, std::int64_t offset);
    // Marks an upload failed (its bytes are dropped by the caller); the reason is kept for
    // GetUploadStatus until the upload expires.
    Status fail(const std::string& mediaId, const std::string& reason);

    // The variants of an existing media item with the same bytes, if any whose blobs are
    // still stored. Call with the blob store's claim lock held.
    Result<std::optional<std::vector<StoredVariant>>> sameBytes(const std::string& sha256);
    // Creates the media item of a finished upload and references its blobs (whose files are
    // in place), marks the upload completed and publishes MEDIA_UPLOADED. Call with the blob
    // store's claim lock held.
    Result<Media> complete(const UploadRecord& upload, const std::string& sha256, const std::string& contentType,
                           int width, int height, const std::vector<StoredVariant>& variants,
                           const std::string& requestId);
    // Whether a blob has a row (a file that is wanted).
    Result<bool> blobKnown(const std::string& sha256);

    Result<std::optional<Media>> get(const std::string& id);
    Result<std::optional<StoredVariant>> variant(const std::string& mediaId, int variant);
    Result<MediaPage> page(const std::string& ownerId, const std::optional<MediaCursor>& after, int pageSize);
    // Deletes one of `ownerId`'s media (idempotent; PermissionDenied for someone else's).
    Status remove(const std::string& mediaId, const std::string& ownerId, const std::string& requestId);

    // Event handlers (inside the consumer's transaction).
    // What `usedBy` ("post:<id>", "avatar:<id>") refers to now.
    Status setUses(storage::Tx& tx, const std::string& usedBy, const std::vector<std::string>& mediaIds);
    // `usedBy` is gone: so is every media item only it used.
    Status dropReferrer(storage::Tx& tx, const std::string& usedBy, const std::string& requestId);
    // USER_DELETED: every media item and upload of the user goes.
    Status removeOwner(storage::Tx& tx, const std::string& ownerId, const std::string& requestId,
                       std::vector<std::string>* partialUploads);

    // Janitor work.
    Result<std::vector<std::string>> expiredUploads(std::int64_t nowMicros, int limit);
    // Drops an upload that is still unfinished and past its expiry; false when it is not.
    Result<bool> dropExpiredUpload(const std::string& mediaId, std::int64_t nowMicros);
    Result<std::vector<std::string>> unreferencedBlobs(int limit);
    // Removes a blob's row if nothing references it (call with the claim lock held); true
    // when it did, and the file must go.
    Result<bool> dropBlobIfUnreferenced(const std::string& sha256);

private:
    Result<std::optional<Media>> read(storage::Tx& tx, const std::string& id);
    Status removeMedia(storage::Tx& tx, const Media& media, const std::string& requestId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
    UploadPolicy m_policy;
    std::array<std::mutex, 16> m_ownerLocks;  // see begin()
};

}  // namespace devcoll::media
