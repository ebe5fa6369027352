#include "media/upload_reactor.h"

#include "devcoll/ids.h"
#include "devcoll/validation.h"

namespace devcoll::media {
namespace {

constexpr std::int64_t kMaxChunk = 1024 * 1024;
constexpr std::int64_t kCommitEvery = 4 * kMaxChunk;

bool isLowerHexSha256(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

Status checkMetadata(const v1::UploadMetadata& m, std::int64_t maxBytes) {
    DEVCOLL_CHECK(checkUuidV7("metadata.media_id", m.media_id()));
    DEVCOLL_CHECK(checkText("metadata.file_name", m.file_name(), 1, 255));
    if (m.file_name().find_first_of("/\\") != std::string::npos) {
        return invalidArgument("metadata.file_name", "must be a file name without a path");
    }
    DEVCOLL_CHECK(checkText("metadata.declared_content_type", m.declared_content_type(), 0, 100));
    if (m.total_size() < 1) return invalidArgument("metadata.total_size", "must be the file's size, 1 or more");
    if (m.total_size() > maxBytes) {
        return makeError(ErrorCode::ResourceExhausted,
                         "metadata.total_size: files of up to " + std::to_string(maxBytes) + " bytes are accepted")
            .withDetail("max-upload-bytes", std::to_string(maxBytes));
    }
    if (!m.sha256().empty() && !isLowerHexSha256(m.sha256())) {
        return invalidArgument("metadata.sha256", "must be empty or 64 lower-case hex digits");
    }
    return {};
}

}  // namespace

UploadReactor::UploadReactor(grpc::CallbackServerContext* ctx, v1::UploadMediaResponse* response, MediaParts& parts)
    : m_ctx(ctx), m_response(response), m_parts(parts) {
    StartRead(&m_request);
}

void UploadReactor::OnReadDone(bool ok) {
    if (!m_parts.runtime.workers().post([this, ok] { handle(ok); })) {
        // Shutting down or overloaded. Not committing here keeps this gRPC thread from
        // blocking on the disk; a resumption resends at most the last 4 MiB.
        finish(makeError(ErrorCode::Unavailable, "server is busy or shutting down; resume the upload later"));
    }
}

void UploadReactor::handle(bool ok) {
    Result<bool> answered = [&]() -> Result<bool> {
        try {
            return step(ok);
        } catch (const std::exception& e) {
            return makeError(ErrorCode::Internal, std::string("unexpected exception: ") + e.what());
        }
    }();
    if (!answered.ok()) return finish(answered.takeError());
    if (*answered) return finish({});
    StartRead(&m_request);
}

Result<bool> UploadReactor::step(bool ok) {
    if (!ok) {
        if (!m_call) return invalidArgument("metadata", "the stream ended before its first message");
        if (m_ctx->IsCancelled()) {
            // The client went away (or its deadline passed): keep what arrived.
            DEVCOLL_CHECK(commit());
            return makeError(ErrorCode::Aborted, "upload interrupted; resume it from its committed offset");
        }
        DEVCOLL_CHECK(onEnd());
        return true;
    }
    if (!m_call) {
        bool done = false;
        DEVCOLL_CHECK(onMetadata(done));
        return done;
    }
    DEVCOLL_CHECK(onChunk());
    return false;
}

Status UploadReactor::onMetadata(bool& done) {
    DEVCOLL_TRY(rpc::CallContext call, m_parts.runtime.contextOf(m_ctx, rpc::Access::Authenticated));
    m_call = std::move(call);
    if (m_request.content_case() != v1::UploadMediaRequest::kMetadata) {
        return invalidArgument("metadata", "the first message must carry the upload's metadata");
    }
    v1::UploadMetadata metadata = m_request.metadata();
    // A client that will not resume (a one-shot script) may leave the id to the server.
    if (metadata.media_id().empty()) metadata.set_media_id(newUuidV7());
    DEVCOLL_CHECK(checkMetadata(metadata, m_parts.store.policy().maxUploadBytes));
    if (!m_parts.active.claim(metadata.media_id())) {
        return makeError(ErrorCode::Aborted,
                         "media_id: another stream is still writing this upload; retry when it has ended");
    }
    m_claimed = true;
    m_upload.mediaId = metadata.media_id();
    DEVCOLL_TRY(UploadStart start, m_parts.store.begin(m_call->caller().userId, metadata, m_request.offset()));
    m_upload = std::move(start.upload);
    if (start.completed) {
        *m_response->mutable_media() = std::move(*start.completed);
        done = true;
        return {};
    }
    if (m_request.offset() != m_upload.committedOffset) {
        const std::string committed = std::to_string(m_upload.committedOffset);
        return makeError(ErrorCode::FailedPrecondition,
                         "offset: " + committed + " bytes of this upload are stored; resume from offset " + committed)
            .withDetail("committed-offset", committed);
    }
    DEVCOLL_TRY(m_file, m_parts.blobs.openPartial(m_upload.mediaId, m_upload.committedOffset));
    m_position = m_committed = m_upload.committedOffset;
    return {};
}

Status UploadReactor::onChunk() {
    if (m_request.content_case() != v1::UploadMediaRequest::kChunk) {
        (void)commit();
        return invalidArgument("chunk", "only the first message carries metadata; later ones carry chunks");
    }
    const std::string& chunk = m_request.chunk();
    const auto size = static_cast<std::int64_t>(chunk.size());
    Status bad = [&]() -> Status {
        if (size == 0) return invalidArgument("chunk", "is empty");
        if (size > kMaxChunk) return invalidArgument("chunk", "carries at most 1 MiB (1048576 bytes)");
        if (m_request.offset() != m_position) {
            return invalidArgument(
                "offset", "must be " + std::to_string(m_position) + ", the position right after the previous chunk");
        }
        if (m_position + size > m_upload.totalSize) {
            return invalidArgument("chunk", "goes past total_size (" + std::to_string(m_upload.totalSize) + ")");
        }
        return {};
    }();
    if (!bad.ok()) {
        (void)commit();  // what arrived before stays, for a resumption
        return bad;
    }
    DEVCOLL_CHECK(m_file.writeAll(chunk));
    m_position += size;
    if (m_position - m_committed >= kCommitEvery) DEVCOLL_CHECK(commit());
    return {};
}

Status UploadReactor::onEnd() {
    if (m_position < m_upload.totalSize) {
        DEVCOLL_CHECK(commit());
        const std::string at = std::to_string(m_position);
        return makeError(ErrorCode::FailedPrecondition, "upload incomplete: " + at + " of " +
                                                            std::to_string(m_upload.totalSize) +
                                                            " bytes received; resume from offset " + at)
            .withDetail("committed-offset", at);
    }
    // Complete: no need to make the partial file durable first. Its variants are, once
    // stored; a crash before that costs the client at most the last uncommitted 4 MiB.
    m_file = FileHandle();
    m_parts.active.markProcessing(m_upload.mediaId);
    DEVCOLL_TRY(Media media, m_parts.finisher.finish(m_upload, m_call->requestId));
    *m_response->mutable_media() = std::move(media);
    return {};
}

Status UploadReactor::commit() {
    if (!m_file.valid() || m_position == m_committed) return {};
    DEVCOLL_CHECK(m_file.sync());
    DEVCOLL_CHECK(m_parts.store.commitOffset(m_upload.mediaId, m_position));
    m_committed = m_position;
    return {};
}

void UploadReactor::finish(const Status& outcome) {
    m_file = FileHandle();
    if (m_claimed) m_parts.active.release(m_upload.mediaId);
    const std::string requestId = m_call ? m_call->requestId : std::string();
    if (!requestId.empty()) m_ctx->AddInitialMetadata("x-request-id", requestId);
    Finish(m_parts.runtime.conclude(m_ctx, "media.UploadMedia", requestId, outcome, m_started));
}

}  // namespace devcoll::media
