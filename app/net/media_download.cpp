#include "net/media_download.h"

#include <chrono>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "net/call_context.h"
#include "net/call_error.h"

namespace devcoll::app {

namespace {

namespace mv1 = devcoll::media::v1;

constexpr auto kTimeout = std::chrono::seconds(10);

}  // namespace

Result<DownloadedThumbnail> downloadThumbnail(const std::shared_ptr<grpc::Channel>& channel,
                                              const std::string& accessToken, const QString& mediaId) {
    auto stub = mv1::MediaService::NewStub(channel);
    mv1::DownloadMediaRequest request;
    request.set_media_id(mediaId.toStdString());
    request.set_variant(mv1::VARIANT_THUMBNAIL);
    auto context = callContext(accessToken, kTimeout);
    auto reader = stub->DownloadMedia(context.get(), request);
    DownloadedThumbnail result;
    mv1::DownloadMediaResponse chunk;
    while (reader->Read(&chunk)) {
        if (chunk.total_size() > kMaxThumbnailBytes ||
            result.bytes.size() + qint64(chunk.chunk().size()) > kMaxThumbnailBytes) {
            context->TryCancel();
            (void)reader->Finish();
            return makeError(ErrorCode::ResourceExhausted, "the thumbnail of " + mediaId.toStdString() +
                                                               " is larger than " + std::to_string(kMaxThumbnailBytes) +
                                                               " bytes");
        }
        if (result.contentType.isEmpty()) result.contentType = QString::fromStdString(chunk.content_type());
        result.bytes.append(chunk.chunk().data(), qsizetype(chunk.chunk().size()));
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok()) return errorOf(status, context.get());
    return result;
}

}  // namespace devcoll::app
