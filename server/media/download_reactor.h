#pragma once
// DownloadReactor: one DownloadMedia stream. A worker looks the variant up and opens its
// blob; then each chunk is read on a worker once the previous one has been sent, so a slow
// client holds one chunk of memory, not the file.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <optional>

#include "media/media_service.h"

namespace devcoll::media {

class DownloadReactor final : public grpc::ServerWriteReactor<v1::DownloadMediaResponse> {
public:
    DownloadReactor(grpc::CallbackServerContext* ctx, const v1::DownloadMediaRequest* request, MediaParts& parts);

    void OnWriteDone(bool ok) override;
    void OnDone() override { delete this; }

private:
    Status start();
    // Sends the next chunk, or finishes after the last.
    void sendNext();
    void post(void (DownloadReactor::*step)());
    void begin();
    void finish(const Status& outcome);

    grpc::CallbackServerContext* m_ctx;
    const v1::DownloadMediaRequest* m_request;
    MediaParts& m_parts;
    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();

    std::string m_requestId;
    bool m_sentMetadata = false;
    FileHandle m_file;
    std::int64_t m_offset = 0;
    std::int64_t m_size = 0;
    std::string m_contentType;
    v1::DownloadMediaResponse m_response;
};

}  // namespace devcoll::media
