#pragma once
// UploadFinisher: turns an upload whose bytes have all arrived into a media item. It checks
// the declared size and SHA-256, reuses the stored variants when the same bytes were uploaded
// before, and otherwise sniffs the type, checks the pixel limit, makes the variants and stores
// them under their SHA-256. A file that is refused fails its upload and leaves no bytes behind.
#include <string>
#include <vector>

#include "media/blob_store.h"
#include "media/image_variants.h"
#include "media/media_store.h"

namespace devcoll::media {

class UploadFinisher final {
public:
    UploadFinisher(MediaStore& store, BlobStore& blobs, ImageLimits limits)
        : m_store(store), m_blobs(blobs), m_limits(limits) {}

    // `upload`'s partial file holds exactly its total_size bytes, durably.
    Result<Media> finish(const UploadRecord& upload, const std::string& requestId);

private:
    // Refuses the file: the upload is marked failed and its bytes go.
    Error refuse(const UploadRecord& upload, Error reason);
    // Places `variants`' files and commits the media item, under the claim lock.
    Result<Media> store(const UploadRecord& upload, const std::string& sha256, const std::vector<StoredVariant>& meta,
                        const std::vector<const EncodedImage*>& files, const std::string& requestId);

    MediaStore& m_store;
    BlobStore& m_blobs;
    ImageLimits m_limits;
};

}  // namespace devcoll::media
