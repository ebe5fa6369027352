#include "media/upload_finisher.h"

#include <spdlog/spdlog.h>

#include "media/image_variants.h"

namespace devcoll::media {
namespace {

namespace v1 = devcoll::media::v1;

StoredVariant describe(int variant, const EncodedImage& image) {
    return StoredVariant{variant,     sha256Hex(image.bytes), image.contentType,
                         image.width, image.height,           static_cast<std::int64_t>(image.bytes.size())};
}

const StoredVariant* original(const std::vector<StoredVariant>& variants) {
    for (const auto& v : variants) {
        if (v.variant == v1::VARIANT_ORIGINAL) return &v;
    }
    return nullptr;
}

}  // namespace

Error UploadFinisher::refuse(const UploadRecord& upload, Error reason) {
    if (Status failed = m_store.fail(upload.mediaId, reason.message); !failed.ok()) {
        spdlog::error("media: cannot mark upload {} failed: {}", upload.mediaId, failed.error().message);
    }
    m_blobs.removePartial(upload.mediaId);
    return reason;
}

Result<Media> UploadFinisher::finish(const UploadRecord& upload, const std::string& requestId) {
    DEVCOLL_TRY(FileHandle file, m_blobs.openPartialForReading(upload.mediaId));
    DEVCOLL_TRY(const std::string bytes, file.readAt(0, static_cast<std::size_t>(upload.totalSize) + 1));
    if (static_cast<std::int64_t>(bytes.size()) != upload.totalSize) {
        return makeError(ErrorCode::Internal, "upload " + upload.mediaId + " holds " + std::to_string(bytes.size()) +
                                                  " bytes, not " + std::to_string(upload.totalSize));
    }
    const std::string sha256 = sha256Hex(bytes);
    if (!upload.sha256.empty() && upload.sha256 != sha256) {
        return refuse(upload, invalidArgument("sha256", "the file received has SHA-256 " + sha256 + ", not " +
                                                            upload.sha256 + " as declared; upload it again"));
    }

    // The same bytes were uploaded before: their variants are shared, nothing is decoded.
    {
        std::lock_guard lock(m_blobs.claimLock());
        DEVCOLL_TRY(auto same, m_store.sameBytes(sha256));
        if (same) {
            const StoredVariant* o = original(*same);
            if (o) {
                DEVCOLL_TRY(Media media,
                            m_store.complete(upload, sha256, o->contentType, o->width, o->height, *same, requestId));
                m_blobs.removePartial(upload.mediaId);
                return media;
            }
        }
    }

    auto inspected = inspectImage(bytes, m_limits);
    if (!inspected.ok()) return refuse(upload, inspected.takeError());
    auto made = makeVariants(bytes, *inspected);
    if (!made.ok()) return refuse(upload, made.takeError());
    const ImageVariants& images = *made;
    const std::vector<StoredVariant> variants{describe(v1::VARIANT_ORIGINAL, images.original),
                                              describe(v1::VARIANT_DISPLAY, images.display),
                                              describe(v1::VARIANT_THUMBNAIL, images.thumbnail)};
    DEVCOLL_TRY(Media media,
                store(upload, sha256, variants, {&images.original, &images.display, &images.thumbnail}, requestId));
    m_blobs.removePartial(upload.mediaId);
    return media;
}

Result<Media> UploadFinisher::store(const UploadRecord& upload, const std::string& sha256,
                                    const std::vector<StoredVariant>& meta,
                                    const std::vector<const EncodedImage*>& files, const std::string& requestId) {
    std::lock_guard lock(m_blobs.claimLock());
    Status placed;
    for (std::size_t i = 0; i < meta.size() && placed.ok(); ++i)
        placed = m_blobs.place(meta[i].blobSha256, files[i]->bytes);
    const StoredVariant& o = meta.front();
    auto media = placed.ok() ? m_store.complete(upload, sha256, o.contentType, o.width, o.height, meta, requestId)
                             : Result<Media>(placed.error());
    if (!media.ok()) {
        // Files placed for a commit that did not happen are wanted by nobody (unless another
        // media item already had them, which its row says).
        for (const StoredVariant& v : meta) {
            auto known = m_store.blobKnown(v.blobSha256);
            if (known.ok() && !*known) (void)m_blobs.remove(v.blobSha256);
        }
    }
    return media;
}

}  // namespace devcoll::media
