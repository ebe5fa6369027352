#include "media/media_store.h"

#include <algorithm>

#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::media {
namespace {

using storage::Row;
using storage::Tx;
namespace v1 = devcoll::media::v1;

Media mediaFrom(const Row& r) {
    Media m;
    m.set_id(r.text(0));
    m.set_owner_id(r.text(1));
    m.set_content_type(r.text(2));
    m.set_size_bytes(r.integer(3));
    m.set_width(static_cast<int>(r.integer(4)));
    m.set_height(static_cast<int>(r.integer(5)));
    m.set_sha256(r.text(6));
    m.set_file_name(r.text(7));
    *m.mutable_created_at() = toTimestamp(r.integer(8));
    return m;
}

StoredVariant variantFrom(const Row& r) {
    return StoredVariant{static_cast<int>(r.integer(0)), r.text(1),   r.text(2), static_cast<int>(r.integer(3)),
                         static_cast<int>(r.integer(4)), r.integer(5)};
}

void addVariant(Media& m, const StoredVariant& v) {
    auto* out = m.add_variants();
    out->set_variant(static_cast<v1::Variant>(v.variant));
    out->set_width(v.width);
    out->set_height(v.height);
    out->set_size_bytes(v.sizeBytes);
    out->set_content_type(v.contentType);
}

UploadRecord uploadFrom(const Row& r) {
    UploadRecord u;
    u.mediaId = r.text(0);
    u.ownerId = r.text(1);
    u.fileName = r.text(2);
    u.totalSize = r.integer(4);
    u.sha256 = r.text(5);
    u.committedOffset = r.integer(6);
    u.state = static_cast<int>(r.integer(7));
    u.error = r.text(8);
    u.expiresAt = r.integer(10);
    return u;
}

std::int64_t micros(std::chrono::seconds d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

Error uploadGone() {
    return makeError(ErrorCode::FailedPrecondition,
                     "media_id: this upload expired or was removed meanwhile; upload again under a new media_id");
}

std::string mib(std::int64_t bytes) { return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MiB"; }

}  // namespace

Result<std::optional<Media>> MediaStore::read(Tx& tx, const std::string& id) {
    DEVCOLL_TRY(auto rows, tx.run("media_by_id", {id}));
    if (rows.empty()) return std::optional<Media>{};
    Media m = mediaFrom(rows[0]);
    DEVCOLL_TRY(auto variants, tx.run("variants_of", {id}));
    for (const Row& r : variants) addVariant(m, variantFrom(r));
    return std::optional<Media>(std::move(m));
}

Result<UploadStart> MediaStore::begin(const std::string& ownerId, const UploadMetadata& metadata, std::int64_t offset) {
    // The quota is read, then charged: one owner's uploads begin one at a time, or parallel
    // ones would each see room that only one of them has (PostgreSQL runs them side by side).
    std::lock_guard quotaLock(m_ownerLocks[std::hash<std::string>{}(ownerId) % m_ownerLocks.size()]);
    return m_db.transact([&](Tx& tx) -> Result<UploadStart> {
        const std::string& id = metadata.media_id();
        DEVCOLL_TRY(auto rows, tx.run("upload_by_id", {id}));
        if (rows.empty()) {
            if (offset != 0) {
                return makeError(ErrorCode::FailedPrecondition,
                                 "offset: no bytes of this upload are stored; start from offset 0")
                    .withDetail("committed-offset", "0");
            }
            DEVCOLL_TRY(auto charged, tx.run("bytes_charged_to", {ownerId, id}));
            const std::int64_t used = charged[0].integer(0);
            if (used + metadata.total_size() > m_policy.quotaBytes) {
                return makeError(ErrorCode::ResourceExhausted,
                                 "total_size: this upload would take you past your storage quota of " +
                                     mib(m_policy.quotaBytes) + " (" + mib(used) + " used); delete some media first")
                    .withDetail("quota-bytes", std::to_string(m_policy.quotaBytes))
                    .withDetail("used-bytes", std::to_string(used));
            }
            const std::int64_t now = nowMicros();
            const std::int64_t expires = now + micros(m_policy.expiry);
            DEVCOLL_CHECK(tx.run("insert_upload", {id, ownerId, metadata.file_name(), metadata.declared_content_type(),
                                                   metadata.total_size(), metadata.sha256(), now, expires}));
            UploadRecord u{id,
                           ownerId,
                           metadata.file_name(),
                           metadata.total_size(),
                           metadata.sha256(),
                           0,
                           v1::UPLOAD_STATE_IN_PROGRESS,
                           {},
                           expires};
            return UploadStart{std::move(u), std::nullopt};
        }
        UploadRecord u = uploadFrom(rows[0]);
        const Error taken = makeError(ErrorCode::AlreadyExists,
                                      "media_id: another file was uploaded under this id; choose a new media_id");
        if (u.ownerId != ownerId) return taken;
        if (u.state == v1::UPLOAD_STATE_FAILED) {
            return makeError(ErrorCode::FailedPrecondition,
                             "media_id: this upload failed (" + u.error + "); upload again under a new media_id");
        }
        // The same file: the same size and, where either side named one, the same SHA-256.
        const bool sameSize = u.totalSize == metadata.total_size();
        if (u.state == v1::UPLOAD_STATE_COMPLETED) {
            DEVCOLL_TRY(auto media, read(tx, id));
            if (!media) return taken;  // completed, then deleted: the id stays used
            if (!sameSize || (!metadata.sha256().empty() && metadata.sha256() != media->sha256())) return taken;
            return UploadStart{std::move(u), std::move(media)};
        }
        if (!sameSize || u.sha256 != metadata.sha256()) return taken;
        return UploadStart{std::move(u), std::nullopt};
    });
}

Result<std::optional<UploadRecord>> MediaStore::upload(const std::string& mediaId) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<UploadRecord>> {
        DEVCOLL_TRY(auto rows, tx.run("upload_by_id", {mediaId}));
        if (rows.empty()) return std::optional<UploadRecord>{};
        return std::optional<UploadRecord>(uploadFrom(rows[0]));
    });
}

Status MediaStore::commitOffset(const std::string& mediaId, std::int64_t offset) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(auto updated,
                    tx.run("commit_upload_offset", {mediaId, offset, nowMicros() + micros(m_policy.expiry)}));
        if (updated.affected == 0) return uploadGone();
        return {};
    });
}

Status MediaStore::fail(const std::string& mediaId, const std::string& reason) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_CHECK(tx.run("finish_upload", {mediaId, std::int64_t{v1::UPLOAD_STATE_FAILED}, reason, std::int64_t{0},
                                               nowMicros() + micros(m_policy.expiry)}));
        return {};
    });
}

Result<std::optional<std::vector<StoredVariant>>> MediaStore::sameBytes(const std::string& sha256) {
    using Found = std::optional<std::vector<StoredVariant>>;
    return m_db.read([&](Tx& tx) -> Result<Found> {
        DEVCOLL_TRY(auto same, tx.run("same_bytes_media", {sha256}));
        if (same.empty()) return Found{};
        DEVCOLL_TRY(auto rows, tx.run("variants_of", {same[0].text(0)}));
        std::vector<StoredVariant> variants;
        for (const Row& r : rows) {
            variants.push_back(variantFrom(r));
            // A blob row is there exactly while its file is (both go together under the
            // claim lock), so these files can be shared.
            DEVCOLL_TRY(auto blob, tx.run("blob_exists", {variants.back().blobSha256}));
            if (blob.empty()) return Found{};
        }
        if (variants.empty()) return Found{};
        return Found(std::move(variants));
    });
}

Result<Media> MediaStore::complete(const UploadRecord& upload, const std::string& sha256,
                                   const std::string& contentType, int width, int height,
                                   const std::vector<StoredVariant>& variants, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Media> {
        const std::int64_t now = nowMicros();
        // Only an upload still in progress becomes media: not one the janitor expired or its
        // owner's deletion took meanwhile.
        DEVCOLL_TRY(auto finished, tx.run("finish_upload", {upload.mediaId, std::int64_t{v1::UPLOAD_STATE_COMPLETED},
                                                            std::string(), upload.totalSize, now}));
        if (finished.affected == 0) return uploadGone();
        DEVCOLL_CHECK(
            tx.run("insert_media", {upload.mediaId, upload.ownerId, contentType, upload.totalSize, std::int64_t{width},
                                    std::int64_t{height}, sha256, upload.fileName, now}));
        Media m;
        m.set_id(upload.mediaId);
        m.set_owner_id(upload.ownerId);
        m.set_content_type(contentType);
        m.set_size_bytes(upload.totalSize);
        m.set_width(width);
        m.set_height(height);
        m.set_sha256(sha256);
        m.set_file_name(upload.fileName);
        *m.mutable_created_at() = toTimestamp(now);
        // Listed in variant order, as every read lists them.
        std::vector<StoredVariant> ordered = variants;
        std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.variant < b.variant; });
        for (const StoredVariant& v : ordered) {
            DEVCOLL_CHECK(
                tx.run("insert_variant", {upload.mediaId, std::int64_t{v.variant}, v.blobSha256, v.contentType,
                                          std::int64_t{v.width}, std::int64_t{v.height}, v.sizeBytes}));
            DEVCOLL_CHECK(tx.run("reference_blob", {v.blobSha256, v.sizeBytes}));
            addVariant(m, v);
        }
        auto event = events::newEnvelope(events::v1::EVENT_TYPE_MEDIA_UPLOADED, m.id(), 1, "media");
        event.set_request_id(requestId);
        auto* uploaded = event.mutable_media_uploaded();
        uploaded->set_media_id(m.id());
        uploaded->set_owner_id(m.owner_id());
        uploaded->set_content_type(m.content_type());
        uploaded->set_size_bytes(m.size_bytes());
        uploaded->set_sha256(m.sha256());
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return m;
    });
}

Result<bool> MediaStore::blobKnown(const std::string& sha256) {
    return m_db.read([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto rows, tx.run("blob_exists", {sha256}));
        return !rows.empty();
    });
}

Result<std::optional<Media>> MediaStore::get(const std::string& id) {
    return m_db.read([&](Tx& tx) { return read(tx, id); });
}

Result<std::optional<StoredVariant>> MediaStore::variant(const std::string& mediaId, int variant) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<StoredVariant>> {
        DEVCOLL_TRY(auto rows, tx.run("variants_of", {mediaId}));
        for (const Row& r : rows) {
            if (r.integer(0) == variant) return std::optional<StoredVariant>(variantFrom(r));
        }
        return std::optional<StoredVariant>{};
    });
}

Result<MediaPage> MediaStore::page(const std::string& ownerId, const std::optional<MediaCursor>& after, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<MediaPage> {
        const MediaCursor from = after.value_or(MediaCursor{INT64_MAX, ""});
        DEVCOLL_TRY(auto rows, tx.run("media_page", {ownerId, from.createdAt, from.id, std::int64_t{pageSize + 1}}));
        MediaPage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
            Media m = mediaFrom(rows[i]);
            DEVCOLL_TRY(auto variants, tx.run("variants_of", {m.id()}));
            for (const Row& r : variants) addVariant(m, variantFrom(r));
            page.media.push_back(std::move(m));
        }
        if (rows.size() > static_cast<std::size_t>(pageSize)) {
            const Media& last = page.media.back();
            page.next = MediaCursor{fromTimestamp(last.created_at()), last.id()};
        }
        return page;
    });
}

Status MediaStore::removeMedia(Tx& tx, const Media& media, const std::string& requestId) {
    DEVCOLL_TRY(auto variants, tx.run("variants_of", {media.id()}));
    // The delete is the gate: of two removals racing (a retried DeleteMedia, an event), only
    // the one that deletes the row releases its blobs, so no count drops twice.
    DEVCOLL_TRY(auto deleted, tx.run("delete_media", {media.id()}));
    if (deleted.affected == 0) return {};
    for (const Row& r : variants) DEVCOLL_CHECK(tx.run("release_blob", {r.text(1)}));
    DEVCOLL_CHECK(tx.run("delete_variants", {media.id()}));
    DEVCOLL_CHECK(tx.run("delete_uses_of_media", {media.id()}));
    auto event = events::newEnvelope(events::v1::EVENT_TYPE_MEDIA_DELETED, media.id(), 2, "media");
    event.set_request_id(requestId);
    event.mutable_media_deleted()->set_media_id(media.id());
    event.mutable_media_deleted()->set_owner_id(media.owner_id());
    return events::appendToOutbox(tx, event, &m_relay);
}

Status MediaStore::remove(const std::string& mediaId, const std::string& ownerId, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(auto media, read(tx, mediaId));
        if (!media) return {};  // deleted already, or never completed: idempotent
        if (media->owner_id() != ownerId) {
            return makeError(ErrorCode::PermissionDenied, "media_id: only its owner can delete a media item");
        }
        return removeMedia(tx, *media, requestId);
    });
}

Status MediaStore::setUses(Tx& tx, const std::string& usedBy, const std::vector<std::string>& mediaIds) {
    DEVCOLL_CHECK(tx.run("delete_uses_by", {usedBy}));
    for (const std::string& id : mediaIds) DEVCOLL_CHECK(tx.run("insert_use", {usedBy, id}));
    return {};
}

Status MediaStore::dropReferrer(Tx& tx, const std::string& usedBy, const std::string& requestId) {
    DEVCOLL_TRY(auto used, tx.run("uses_by", {usedBy}));
    DEVCOLL_CHECK(tx.run("delete_uses_by", {usedBy}));
    for (const Row& r : used) {
        DEVCOLL_TRY(auto others, tx.run("use_count", {r.text(0)}));
        if (others[0].integer(0) > 0) continue;
        DEVCOLL_TRY(auto media, read(tx, r.text(0)));
        if (media) DEVCOLL_CHECK(removeMedia(tx, *media, requestId));
    }
    return {};
}

Status MediaStore::removeOwner(Tx& tx, const std::string& ownerId, const std::string& requestId,
                               std::vector<std::string>* partialUploads) {
    DEVCOLL_TRY(auto owned, tx.run("media_of_owner", {ownerId}));
    for (const Row& r : owned) {
        DEVCOLL_TRY(auto media, read(tx, r.text(0)));
        if (media) DEVCOLL_CHECK(removeMedia(tx, *media, requestId));
    }
    DEVCOLL_TRY(auto uploads, tx.run("uploads_of_owner", {ownerId}));
    for (const Row& r : uploads) {
        partialUploads->push_back(r.text(0));
        DEVCOLL_CHECK(tx.run("delete_upload", {r.text(0)}));
    }
    return {};
}

Result<std::vector<std::string>> MediaStore::expiredUploads(std::int64_t now, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<std::string>> {
        DEVCOLL_TRY(auto rows, tx.run("expired_uploads", {now, std::int64_t{limit}}));
        std::vector<std::string> ids;
        for (const Row& r : rows) ids.push_back(r.text(0));
        return ids;
    });
}

Result<bool> MediaStore::dropExpiredUpload(const std::string& mediaId, std::int64_t now) {
    return m_db.transact([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto dropped, tx.run("delete_expired_upload", {mediaId, now}));
        return dropped.affected > 0;
    });
}

Result<std::vector<std::string>> MediaStore::unreferencedBlobs(int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<std::string>> {
        DEVCOLL_TRY(auto rows, tx.run("unreferenced_blobs", {std::int64_t{limit}}));
        std::vector<std::string> shas;
        for (const Row& r : rows) shas.push_back(r.text(0));
        return shas;
    });
}

Result<bool> MediaStore::dropBlobIfUnreferenced(const std::string& sha256) {
    return m_db.transact([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto dropped, tx.run("drop_unreferenced_blob", {sha256}));
        return dropped.affected > 0;
    });
}

}  // namespace devcoll::media
