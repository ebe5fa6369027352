#include "sync/media_upload.h"

namespace devcoll::app {
namespace {

namespace mv1 = devcoll::media::v1;

constexpr qint64 kChunkBytes = 1024 * 1024;  // the server's largest chunk
// Beyond the usual deadline, time for the bytes themselves at a slow 64 kB/s.
constexpr qint64 kSlowBytesPerSecond = 64 * 1024;
// Times the upload starts over from the server's committed offset after being told it is
// elsewhere (another attempt raced this one, or the server lost a partial chunk).
constexpr int kRestarts = 2;

// Where the upload stands on the server: the offset to send from, or the finished Media.
struct Standing final {
    grpc::Status status;
    qint64 offset = 0;
    bool completed = false;
};

Standing standingOf(mv1::MediaService::Stub& media, const mv1::UploadMetadata& metadata, const UploadCalls& calls,
                    mv1::Media* uploaded) {
    mv1::GetUploadStatusRequest request;
    request.set_media_id(metadata.media_id());
    mv1::GetUploadStatusResponse response;
    auto context = calls.newContext();
    if (!calls.track(context.get())) return {grpc::Status::CANCELLED, 0, false};
    const grpc::Status status = media.GetUploadStatus(context.get(), request, &response);
    calls.track(nullptr);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return {grpc::Status::OK, 0, false};  // not begun
    if (!status.ok()) return {status, 0, false};
    switch (response.state()) {
        case mv1::UPLOAD_STATE_COMPLETED:
            *uploaded = response.media();
            return {grpc::Status::OK, response.total_size(), true};
        case mv1::UPLOAD_STATE_IN_PROGRESS:
            return {grpc::Status::OK, response.committed_offset(), false};
        case mv1::UPLOAD_STATE_PROCESSING:
            return {grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is still processing the image"), 0, false};
        default:
            return {grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "the server could not take the image"), 0,
                    false};
    }
}

// Sends the file from `offset`; `sent` is how far the server acknowledged chunks.
struct Sending final {
    grpc::Status status;
    bool local = false;  // the failure is this device's (reading the replica), not the server's
    qint64 sent = 0;
};

Sending sendFrom(mv1::MediaService::Stub& media, const mv1::UploadMetadata& metadata, qint64 offset,
                 const UploadCalls& calls, mv1::Media* uploaded) {
    const qint64 total = metadata.total_size();
    auto context = calls.newContext();
    context->set_deadline(context->deadline() + std::chrono::seconds((total - offset) / kSlowBytesPerSecond));
    mv1::UploadMediaResponse response;
    if (!calls.track(context.get())) return {grpc::Status::CANCELLED, false, offset};
    auto writer = media.UploadMedia(context.get(), &response);
    mv1::UploadMediaRequest first;
    *first.mutable_metadata() = metadata;
    first.set_offset(offset);
    bool open = writer->Write(first);
    Sending outcome{grpc::Status::OK, false, offset};
    for (qint64 at = offset; open && at < total;) {
        auto chunk = calls.read(at, std::min(kChunkBytes, total - at));
        if (!chunk.ok() || chunk->isEmpty()) {
            outcome.local = true;
            outcome.status = grpc::Status(
                chunk.ok() ? grpc::StatusCode::DATA_LOSS : grpc::StatusCode::UNAVAILABLE,
                chunk.ok() ? "the image kept for upload is shorter than announced" : chunk.error().message);
            context->TryCancel();
            break;
        }
        mv1::UploadMediaRequest next;
        next.set_chunk(chunk->constData(), static_cast<std::size_t>(chunk->size()));
        next.set_offset(at);
        open = writer->Write(next);
        at += chunk->size();
        if (open) {
            outcome.sent = at;
            calls.progress(at, total);
        }
    }
    if (open) writer->WritesDone();
    const grpc::Status status = writer->Finish();
    calls.track(nullptr);
    if (outcome.local) return outcome;
    if (status.ok()) *uploaded = response.media();
    outcome.status = status;
    return outcome;
}

}  // namespace

UploadOutcome uploadAttachment(mv1::MediaService::Stub& media, const mv1::UploadMetadata& metadata,
                               const UploadCalls& calls, mv1::Media* uploaded) {
    UploadOutcome outcome;
    for (int restart = 0;; ++restart) {
        const Standing standing = standingOf(media, metadata, calls, uploaded);
        outcome.status = standing.status;
        if (!standing.status.ok() || standing.completed) return outcome;
        calls.progress(standing.offset, metadata.total_size());
        const Sending sending = sendFrom(media, metadata, standing.offset, calls, uploaded);
        outcome.status = sending.status;
        outcome.progressed = outcome.progressed || sending.sent > standing.offset;
        const bool elsewhere = sending.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
                               sending.status.error_code() == grpc::StatusCode::ABORTED;
        if (sending.local || !elsewhere || restart == kRestarts) return outcome;
    }
}

}  // namespace devcoll::app
