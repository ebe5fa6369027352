#include "media/media_janitor.h"

#include <spdlog/spdlog.h>

#include "platform/clock.h"

namespace devcoll::media {
namespace {

constexpr int kBatch = 200;

void logFailure(const char* what, const Status& status) {
    if (!status.ok()) spdlog::warn("media janitor: {}: {}", what, status.error().message);
}

}  // namespace

MediaJanitor::MediaJanitor(MediaStore& store, BlobStore& blobs, ActiveUploads& active,
                           std::chrono::milliseconds interval)
    : m_store(store), m_blobs(blobs), m_active(active), m_interval(interval) {
    m_thread = std::thread([this] { run(); });
}

MediaJanitor::~MediaJanitor() { stop(); }

void MediaJanitor::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_cv.notify_one();
}

void MediaJanitor::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_one();
    if (m_thread.joinable()) m_thread.join();
}

void MediaJanitor::run() {
    sweepOrphanFiles();
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        sweepExpiredUploads();
        sweepUnreferencedBlobs();
        lock.lock();
        m_cv.wait_for(lock, m_interval, [this] { return m_woken || m_stopping; });
        m_woken = false;
    }
}

void MediaJanitor::sweepExpiredUploads() {
    auto expired = m_store.expiredUploads(nowMicros(), kBatch);
    if (!expired.ok()) return logFailure("listing expired uploads", expired.error());
    for (const std::string& id : *expired) {
        // Held while dropping, so that no stream resumes the upload in between.
        if (!m_active.claim(id)) continue;  // a stream is writing it right now
        auto dropped = m_store.dropExpiredUpload(id, nowMicros());
        if (!dropped.ok()) logFailure("dropping an expired upload", dropped.error());
        if (dropped.ok() && *dropped) {
            m_blobs.removePartial(id);
            spdlog::info("media janitor: dropped abandoned upload {}", id);
        }
        m_active.release(id);
    }
}

void MediaJanitor::sweepUnreferencedBlobs() {
    auto unreferenced = m_store.unreferencedBlobs(kBatch);
    if (!unreferenced.ok()) return logFailure("listing unreferenced blobs", unreferenced.error());
    for (const std::string& sha : *unreferenced) {
        std::lock_guard lock(m_blobs.claimLock());
        auto dropped = m_store.dropBlobIfUnreferenced(sha);
        if (!dropped.ok()) {
            logFailure("dropping a blob", dropped.error());
            continue;
        }
        if (*dropped) logFailure("removing a blob file", m_blobs.remove(sha));
    }
}

void MediaJanitor::sweepOrphanFiles() {
    auto files = m_blobs.listBlobs();
    if (!files.ok()) return logFailure("listing blob files", files.error());
    int removed = 0;
    for (const std::string& sha : *files) {
        std::lock_guard lock(m_blobs.claimLock());
        auto known = m_store.blobKnown(sha);
        if (known.ok() && !*known && m_blobs.remove(sha).ok()) ++removed;
    }
    // Partial files of uploads that are no longer in progress (a crash between dropping an
    // upload's row and its file).
    auto partials = m_blobs.listPartials();
    if (!partials.ok()) return logFailure("listing partial uploads", partials.error());
    for (const std::string& id : *partials) {
        if (!m_active.claim(id)) continue;
        auto upload = m_store.upload(id);
        if (upload.ok() && (!*upload || (*upload)->state != devcoll::media::v1::UPLOAD_STATE_IN_PROGRESS)) {
            m_blobs.removePartial(id);
            ++removed;
        }
        m_active.release(id);
    }
    if (removed > 0) spdlog::info("media janitor: removed {} files a crash left behind", removed);
}

}  // namespace devcoll::media
