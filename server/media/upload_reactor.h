#pragma once
// UploadReactor: one UploadMedia stream. Each message is handled on a worker, one at a time:
// the first starts or resumes the upload, each chunk is appended to the partial file, and
// the end of the stream finishes the upload. Every 4 MiB, and whenever the stream ends for
// any reason (a dropped connection included), the bytes so far are synced and their offset
// committed, so a resumed upload resends only what was lost.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <optional>

#include "media/media_service.h"

namespace devcoll::media {

class UploadReactor final : public grpc::ServerReadReactor<v1::UploadMediaRequest> {
public:
    UploadReactor(grpc::CallbackServerContext* ctx, v1::UploadMediaResponse* response, MediaParts& parts);

    void OnReadDone(bool ok) override;
    void OnDone() override { delete this; }

private:
    void handle(bool ok);
    // Handles one message, or the end of the stream: true when the call is answered.
    Result<bool> step(bool ok);
    // Each returns an error to end the stream with; `done` is set when the call is answered.
    Status onMetadata(bool& done);
    Status onChunk();
    Status onEnd();
    // Makes the bytes so far durable and records their offset.
    Status commit();
    void finish(const Status& outcome);

    grpc::CallbackServerContext* m_ctx;
    v1::UploadMediaResponse* m_response;
    MediaParts& m_parts;
    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();

    v1::UploadMediaRequest m_request;
    std::optional<rpc::CallContext> m_call;  // set by the first message
    UploadRecord m_upload;
    bool m_claimed = false;  // holds m_upload.mediaId in ActiveUploads
    FileHandle m_file;
    std::int64_t m_position = 0;   // bytes written
    std::int64_t m_committed = 0;  // bytes durable and recorded
};

}  // namespace devcoll::media
