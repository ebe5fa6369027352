#pragma once
// ActiveUploads: the uploads a stream is writing right now. One writer per upload: a second
// stream for the same media id (a client resuming before the server noticed its first
// connection drop) is turned away instead of interleaving bytes, and the janitor never
// expires an upload that is being written.
#include <mutex>
#include <set>
#include <string>

namespace devcoll::media {

class ActiveUploads final {
public:
    // False when another stream holds `mediaId`.
    bool claim(const std::string& mediaId) {
        std::lock_guard lock(m_mutex);
        return m_ids.insert(mediaId).second;
    }
    void release(const std::string& mediaId) {
        std::lock_guard lock(m_mutex);
        m_ids.erase(mediaId);
    }
    bool holds(const std::string& mediaId) const {
        std::lock_guard lock(m_mutex);
        return m_ids.contains(mediaId);
    }

private:
    mutable std::mutex m_mutex;
    std::set<std::string> m_ids;
};

}  // namespace devcoll::media
