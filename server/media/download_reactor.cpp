#include "media/download_reactor.h"

#include "devcoll/validation.h"

namespace devcoll::media {
namespace {

constexpr std::size_t kChunk = 1024 * 1024;

}  // namespace

DownloadReactor::DownloadReactor(grpc::CallbackServerContext* ctx, const v1::DownloadMediaRequest* request,
                                 MediaParts& parts)
    : m_ctx(ctx), m_request(request), m_parts(parts) {
    post(&DownloadReactor::begin);
}

void DownloadReactor::post(void (DownloadReactor::*step)()) {
    if (!m_parts.runtime.workers().post([this, step] { (this->*step)(); })) {
        finish(makeError(ErrorCode::Unavailable, "server is busy or shutting down, retry later"));
    }
}

void DownloadReactor::begin() {
    Status started = start();
    if (!started.ok()) return finish(started);
    // Sent with the first chunk; adding metadata later would be too late.
    m_ctx->AddInitialMetadata("x-request-id", m_requestId);
    m_sentMetadata = true;
    sendNext();
}

Status DownloadReactor::start() {
    DEVCOLL_TRY(rpc::CallContext call, m_parts.runtime.contextOf(m_ctx, rpc::Access::Authenticated));
    m_requestId = call.requestId;
    DEVCOLL_CHECK(checkUuidV7("media_id", m_request->media_id()));
    int variant = m_request->variant();
    if (!v1::Variant_IsValid(variant)) {
        return invalidArgument("variant", "must be VARIANT_ORIGINAL, VARIANT_DISPLAY or VARIANT_THUMBNAIL");
    }
    if (variant == v1::VARIANT_UNSPECIFIED) variant = v1::VARIANT_ORIGINAL;
    if (m_request->offset() < 0) return invalidArgument("offset", "must be 0 or more");
    DEVCOLL_TRY(auto stored, m_parts.store.variant(m_request->media_id(), variant));
    if (!stored) return makeError(ErrorCode::NotFound, "media_id: no such media");
    if (m_request->offset() > stored->sizeBytes) {
        return makeError(ErrorCode::OutOfRange,
                         "offset: the variant has " + std::to_string(stored->sizeBytes) + " bytes");
    }
    // Once open, the file stays readable even if the media is deleted meanwhile.
    DEVCOLL_TRY(m_file, m_parts.blobs.openBlob(stored->blobSha256));
    m_offset = m_request->offset();
    m_size = stored->sizeBytes;
    m_contentType = stored->contentType;
    return {};
}

void DownloadReactor::sendNext() {
    if (m_offset >= m_size) return finish({});
    auto chunk = m_file.readAt(m_offset, std::min<std::int64_t>(kChunk, m_size - m_offset));
    if (!chunk.ok()) return finish(chunk.takeError());
    if (chunk->empty()) return finish(makeError(ErrorCode::Internal, "media file shorter than recorded"));
    m_response.set_offset(m_offset);
    m_response.set_total_size(m_size);
    m_response.set_content_type(m_contentType);
    m_offset += static_cast<std::int64_t>(chunk->size());
    *m_response.mutable_chunk() = std::move(*chunk);
    StartWrite(&m_response);
}

void DownloadReactor::OnWriteDone(bool ok) {
    if (!ok) return finish(makeError(ErrorCode::Aborted, "download interrupted; resume it from its offset"));
    post(&DownloadReactor::sendNext);
}

void DownloadReactor::finish(const Status& outcome) {
    m_file = FileHandle();
    if (!m_sentMetadata && !m_requestId.empty()) m_ctx->AddInitialMetadata("x-request-id", m_requestId);
    Finish(m_parts.runtime.conclude(m_ctx, "media.DownloadMedia", m_requestId, outcome, m_started));
}

}  // namespace devcoll::media
