#pragma once
// MediaJanitor: the media service's housekeeping thread. It drops uploads abandoned past their
// expiry (row and partial file), removes blobs whose last reference went (row, then file,
// under the claim lock), and at start removes files a crash left without a row: blobs no row
// references and partial files of uploads no longer in progress.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "media/active_uploads.h"
#include "media/blob_store.h"
#include "media/media_store.h"

namespace devcoll::media {

class MediaJanitor final {
public:
    MediaJanitor(MediaStore& store, BlobStore& blobs, ActiveUploads& active, std::chrono::milliseconds interval);
    ~MediaJanitor();
    MediaJanitor(const MediaJanitor&) = delete;
    MediaJanitor& operator=(const MediaJanitor&) = delete;

    // Runs a pass soon (after deletions, so that freed space comes back at once).
    void wake();
    void stop();

    // One pass; public for the startup sweep and tests.
    void sweepExpiredUploads();
    void sweepUnreferencedBlobs();
    void sweepOrphanFiles();

private:
    void run();

    MediaStore& m_store;
    BlobStore& m_blobs;
    ActiveUploads& m_active;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_woken = false;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace devcoll::media
