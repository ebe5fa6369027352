#pragma once
// MediaService: the gRPC edge of devcoll.media.v1. Validation and error mapping here; the
// upload and download streams in their reactors; data in MediaStore and BlobStore.
#include <functional>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "media/active_uploads.h"
#include "media/blob_store.h"
#include "media/media_store.h"
#include "media/upload_finisher.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"

namespace devcoll::media {

namespace v1 = devcoll::media::v1;

// What the upload and download streams share with the unary calls.
struct MediaParts final {
    rpc::RpcRuntime& runtime;
    MediaStore& store;
    BlobStore& blobs;
    ActiveUploads& active;
    UploadFinisher& finisher;
    // Called after media went, so that its files go soon (the janitor's wake()).
    std::function<void()> released;
};

class MediaService final : public v1::MediaService::CallbackService {
public:
    MediaService(MediaParts parts, const security::PageTokens& pageTokens)
        : m_parts(std::move(parts)), m_pageTokens(pageTokens) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    grpc::ServerReadReactor<v1::UploadMediaRequest>* UploadMedia(Ctx*, v1::UploadMediaResponse*) override;
    Reactor* GetUploadStatus(Ctx*, const v1::GetUploadStatusRequest*, v1::GetUploadStatusResponse*) override;
    Reactor* GetMedia(Ctx*, const v1::GetMediaRequest*, v1::GetMediaResponse*) override;
    grpc::ServerWriteReactor<v1::DownloadMediaResponse>* DownloadMedia(Ctx*, const v1::DownloadMediaRequest*) override;
    Reactor* DeleteMedia(Ctx*, const v1::DeleteMediaRequest*, v1::DeleteMediaResponse*) override;
    Reactor* ListUserMedia(Ctx*, const v1::ListUserMediaRequest*, v1::ListUserMediaResponse*) override;

private:
    MediaParts m_parts;
    const security::PageTokens& m_pageTokens;
};

}  // namespace devcoll::media
