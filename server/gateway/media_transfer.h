#pragma once
// The two media routes that move bytes, which google.api.http's JSON mapping cannot express:
// an upload as multipart/form-data, streamed to UploadMedia in 1 MiB chunks, and a download
// of a variant with HTTP Range, read from DownloadMedia's stream. Both are blocking calls
// through the media service's gRPC contract; the gateway runs them off its I/O threads.
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "devcoll/media/v1/media.pb.h"
#include "devcoll/result.h"

namespace devcoll::gateway {

// What an upload form holds: the "file" part, and optionally "media_id" (a client-chosen
// UUIDv7, which makes the upload idempotent) and "sha256".
struct UploadForm final {
    std::string_view file;
    std::string fileName;
    std::string declaredType;
    std::string mediaId;
    std::string sha256;
};
// Reads an upload form from a multipart/form-data body and its content type.
Result<UploadForm> uploadFormOf(std::string_view contentType, std::string_view body);

grpc::Status uploadMedia(grpc::ChannelInterface& channel, grpc::ClientContext& context, const UploadForm& form,
                         media::v1::UploadMediaResponse* response);

// A byte range of a variant, as asked for by a Range header.
struct ByteRange final {
    std::int64_t first = 0;
    std::optional<std::int64_t> last;    // inclusive; nothing: to the end
    std::optional<std::int64_t> suffix;  // "bytes=-N": the last N bytes
};
// Parses a Range header; nothing for one the gateway serves whole instead (several ranges,
// another unit), and an error for a malformed one.
Result<std::optional<ByteRange>> parseRange(std::string_view header);

struct Download final {
    std::string bytes;
    std::string contentType;
    std::int64_t first = 0;      // of the bytes in the variant
    std::int64_t totalSize = 0;  // of the variant
    bool partial = false;        // a range was served
};
// OUT_OF_RANGE when the range starts beyond the variant (HTTP 416).
grpc::Status downloadMedia(grpc::ChannelInterface& channel, grpc::ClientContext& context,
                           const media::v1::DownloadMediaRequest& request, const std::optional<ByteRange>& range,
                           Download* download);

}  // namespace devcoll::gateway
