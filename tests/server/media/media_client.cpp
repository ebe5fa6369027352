#include "server/media/media_client.h"

#include "devcoll/ids.h"

namespace devcoll::test {

UploadOutcome uploadMedia(TestServer& server, const TestUser& user, const std::string& bytes, UploadOptions options) {
    return uploadMedia(server.media(), user, bytes, std::move(options));
}

UploadOutcome uploadMedia(mv1::MediaService::Stub& media, const TestUser& user, const std::string& bytes,
                          UploadOptions options) {
    UploadOutcome outcome;
    auto ctx = TestServer::as(user);
    mv1::UploadMediaResponse response;
    auto writer = media.UploadMedia(ctx.get(), &response);
    mv1::UploadMediaRequest first;
    auto* metadata = first.mutable_metadata();
    metadata->set_media_id(options.mediaId.empty() ? newUuidV7() : options.mediaId);
    metadata->set_file_name(options.fileName);
    metadata->set_declared_content_type(options.declaredType);
    metadata->set_total_size(options.totalSize < 0 ? static_cast<std::int64_t>(bytes.size()) : options.totalSize);
    metadata->set_sha256(options.sha256);
    first.set_offset(options.offset);
    bool open = writer->Write(first);
    std::int64_t position = options.offset;
    while (open && position < static_cast<std::int64_t>(bytes.size()) && outcome.bytesSent < options.stopAfter) {
        const std::int64_t room = options.stopAfter - outcome.bytesSent;
        const auto size = static_cast<std::size_t>(std::min<std::int64_t>(
            {static_cast<std::int64_t>(options.chunkSize), static_cast<std::int64_t>(bytes.size()) - position, room}));
        mv1::UploadMediaRequest chunk;
        chunk.set_chunk(bytes.substr(static_cast<std::size_t>(position), size));
        chunk.set_offset(position);
        open = writer->Write(chunk);
        if (open) {
            position += static_cast<std::int64_t>(size);
            outcome.bytesSent += static_cast<std::int64_t>(size);
        }
    }
    if (options.beforeEnd) options.beforeEnd();
    if (options.cancel) {
        ctx->TryCancel();
    } else if (open) {
        writer->WritesDone();
    }
    outcome.status = writer->Finish();
    outcome.media = response.media();
    const auto& trailers = ctx->GetServerTrailingMetadata();
    if (auto it = trailers.find("devcoll-committed-offset"); it != trailers.end()) {
        outcome.committedOffsetDetail = std::string(it->second.data(), it->second.size());
    }
    return outcome;
}

DownloadOutcome downloadMedia(TestServer& server, const TestUser& user, const std::string& mediaId,
                              mv1::Variant variant, std::int64_t offset) {
    DownloadOutcome outcome;
    auto ctx = TestServer::as(user);
    mv1::DownloadMediaRequest request;
    request.set_media_id(mediaId);
    request.set_variant(variant);
    request.set_offset(offset);
    auto reader = server.media().DownloadMedia(ctx.get(), request);
    mv1::DownloadMediaResponse chunk;
    while (reader->Read(&chunk)) {
        if (chunk.offset() != offset + static_cast<std::int64_t>(outcome.bytes.size())) {
            outcome.offsetsContiguous = false;
        }
        outcome.bytes += chunk.chunk();
        outcome.contentType = chunk.content_type();
        outcome.totalSize = chunk.total_size();
        ++outcome.chunks;
    }
    outcome.status = reader->Finish();
    return outcome;
}

grpc::Status uploadStatus(TestServer& server, const TestUser& user, const std::string& mediaId,
                          mv1::GetUploadStatusResponse* out) {
    mv1::GetUploadStatusRequest request;
    request.set_media_id(mediaId);
    return server.media().GetUploadStatus(TestServer::as(user).get(), request, out);
}

grpc::Status getMedia(TestServer& server, const TestUser& user, const std::string& mediaId, mv1::Media* out) {
    mv1::GetMediaRequest request;
    request.set_media_id(mediaId);
    mv1::GetMediaResponse response;
    const grpc::Status status = server.media().GetMedia(TestServer::as(user).get(), request, &response);
    if (out) *out = response.media();
    return status;
}

grpc::Status deleteMedia(TestServer& server, const TestUser& user, const std::string& mediaId) {
    mv1::DeleteMediaRequest request;
    request.set_media_id(mediaId);
    mv1::DeleteMediaResponse response;
    return server.media().DeleteMedia(TestServer::as(user).get(), request, &response);
}

bool partialExists(const TestServer& server, const std::string& mediaId) {
    return std::filesystem::exists(std::filesystem::path(server.config().dataDir) / "media" / "uploads" /
                                   (mediaId + ".part"));
}

int filesUnder(const TestServer& server, const std::string& relative) {
    const std::filesystem::path root = std::filesystem::path(server.config().dataDir) / relative;
    int count = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::end(it);
         it.increment(ec)) {
        if (it->is_regular_file(ec)) ++count;
    }
    return count;
}

}  // namespace devcoll::test
