#pragma once
// The media service as a client uses it: uploads in chunks (whole, cut short, resumed) and
// downloads from an offset, over the test server's real gRPC channel.
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "server/test_server.h"

namespace devcoll::test {

namespace mv1 = devcoll::media::v1;

struct UploadOptions final {
    std::string mediaId;  // empty: a new UUIDv7
    std::string fileName = "picture.png";
    std::string declaredType;
    std::string sha256;           // declared; empty: not declared
    std::int64_t totalSize = -1;  // -1: the size of the bytes given
    std::int64_t offset = 0;      // where this stream starts (a resumption)
    std::size_t chunkSize = 1024 * 1024;
    // Stop after sending this many bytes: half-close, or cancel the call when `cancel` is set.
    std::int64_t stopAfter = std::numeric_limits<std::int64_t>::max();
    bool cancel = false;
    // Called after the chunks are sent and before the stream is cancelled or half-closed.
    std::function<void()> beforeEnd;
};

struct UploadOutcome final {
    grpc::Status status;
    mv1::Media media;
    std::int64_t bytesSent = 0;
    std::string committedOffsetDetail;  // the devcoll-committed-offset trailer, if any
};

// Uploads `bytes[offset, ...)` as `user`.
UploadOutcome uploadMedia(TestServer& server, const TestUser& user, const std::string& bytes,
                          UploadOptions options = {});
// The same through any media service (one process of a cluster).
UploadOutcome uploadMedia(mv1::MediaService::Stub& media, const TestUser& user, const std::string& bytes,
                          UploadOptions options = {});

struct DownloadOutcome final {
    grpc::Status status;
    std::string bytes;
    std::string contentType;
    std::int64_t totalSize = -1;
    int chunks = 0;
    bool offsetsContiguous = true;
};

DownloadOutcome downloadMedia(TestServer& server, const TestUser& user, const std::string& mediaId,
                              mv1::Variant variant = mv1::VARIANT_ORIGINAL, std::int64_t offset = 0);

grpc::Status uploadStatus(TestServer& server, const TestUser& user, const std::string& mediaId,
                          mv1::GetUploadStatusResponse* out);
grpc::Status getMedia(TestServer& server, const TestUser& user, const std::string& mediaId, mv1::Media* out = nullptr);

grpc::Status deleteMedia(TestServer& server, const TestUser& user, const std::string& mediaId);
// Whether an upload's partial file is in the server's data dir.
bool partialExists(const TestServer& server, const std::string& mediaId);

// Regular files under the server's data dir: media/blobs (stored variants), media/uploads.
int filesUnder(const TestServer& server, const std::string& relative);

}  // namespace devcoll::test
