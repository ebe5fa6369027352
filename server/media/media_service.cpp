#include "media/media_service.h"

#include "devcoll/validation.h"
#include "media/download_reactor.h"
#include "media/upload_reactor.h"
#include "platform/clock.h"
#include "platform/rpc/paging.h"

namespace devcoll::media {
namespace {

using rpc::Access;
using rpc::CallContext;

Error noSuchMedia() { return makeError(ErrorCode::NotFound, "media_id: no such media"); }

}  // namespace

grpc::ServerReadReactor<v1::UploadMediaRequest>* MediaService::UploadMedia(Ctx* ctx, v1::UploadMediaResponse* resp) {
    return new UploadReactor(ctx, resp, m_parts);
}

grpc::ServerWriteReactor<v1::DownloadMediaResponse>* MediaService::DownloadMedia(Ctx* ctx,
                                                                                 const v1::DownloadMediaRequest* req) {
    return new DownloadReactor(ctx, req, m_parts);
}

grpc::ServerUnaryReactor* MediaService::GetUploadStatus(Ctx* ctx, const v1::GetUploadStatusRequest* req,
                                                        v1::GetUploadStatusResponse* resp) {
    return m_parts.runtime.unary(
        ctx, "media.GetUploadStatus", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(checkUuidV7("media_id", req->media_id()));
            DEVCOLL_TRY(auto upload, m_parts.store.upload(req->media_id()));
            // Someone else's upload is not theirs to know about.
            if (!upload || upload->ownerId != call.caller().userId) {
                return makeError(ErrorCode::NotFound, "media_id: no such upload (unknown, expired or not yours)");
            }
            resp->set_committed_offset(upload->committedOffset);
            resp->set_total_size(upload->totalSize);
            int state = upload->state;
            if (state == v1::UPLOAD_STATE_IN_PROGRESS && m_parts.active.processing(upload->mediaId)) {
                state = v1::UPLOAD_STATE_PROCESSING;  // every byte is there
                resp->set_committed_offset(upload->totalSize);
            }
            resp->set_state(static_cast<v1::UploadState>(state));
            if (state == v1::UPLOAD_STATE_COMPLETED) {
                DEVCOLL_TRY(auto media, m_parts.store.get(upload->mediaId));
                if (!media) return makeError(ErrorCode::NotFound, "media_id: this upload's media was deleted");
                *resp->mutable_media() = std::move(*media);
            } else {
                *resp->mutable_expires_at() = toTimestamp(upload->expiresAt);
            }
            return {};
        });
}

grpc::ServerUnaryReactor* MediaService::GetMedia(Ctx* ctx, const v1::GetMediaRequest* req, v1::GetMediaResponse* resp) {
    return m_parts.runtime.unary(ctx, "media.GetMedia", Access::Authenticated, [=, this](const CallContext&) -> Status {
        DEVCOLL_CHECK(checkUuidV7("media_id", req->media_id()));
        DEVCOLL_TRY(auto media, m_parts.store.get(req->media_id()));
        if (!media) return noSuchMedia();
        *resp->mutable_media() = std::move(*media);
        return {};
    });
}

grpc::ServerUnaryReactor* MediaService::DeleteMedia(Ctx* ctx, const v1::DeleteMediaRequest* req,
                                                    v1::DeleteMediaResponse*) {
    return m_parts.runtime.unary(
        ctx, "media.DeleteMedia", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(checkUuidV7("media_id", req->media_id()));
            DEVCOLL_CHECK(m_parts.store.remove(req->media_id(), call.caller().userId, call.requestId));
            if (m_parts.released) m_parts.released();
            return {};
        });
}

grpc::ServerUnaryReactor* MediaService::ListUserMedia(Ctx* ctx, const v1::ListUserMediaRequest* req,
                                                      v1::ListUserMediaResponse* resp) {
    return m_parts.runtime.unary(
        ctx, "media.ListUserMedia", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(checkUuidV7("user_id", req->user_id()));
            if (req->user_id() != call.caller().userId) {
                return makeError(ErrorCode::PermissionDenied, "user_id: you can list only your own media");
            }
            DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
            DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), "media", req->user_id(), 2));
            std::optional<MediaCursor> after;
            if (parts) {
                DEVCOLL_TRY(const std::int64_t createdAt, rpc::cursorInteger((*parts)[0]));
                after = MediaCursor{createdAt, (*parts)[1]};
            }
            DEVCOLL_TRY(MediaPage page, m_parts.store.page(req->user_id(), after, pageSize));
            for (auto& m : page.media) *resp->add_media() = std::move(m);
            if (page.next) {
                resp->set_next_page_token(rpc::sealCursor(m_pageTokens, "media", req->user_id(),
                                                          {std::to_string(page.next->createdAt), page.next->id}));
            }
            return {};
        });
}

}  // namespace devcoll::media
