#pragma once
// ActiveUploads: the uploads a stream is writing right now. One writer per upload: a second
// stream for the same media id (a client resuming before the server noticed its first
// connection drop) is turned away instead of interleaving bytes, and the janitor never
// expires an upload that is being written.
#include <map>
#include <mutex>
#include <string>

namespace devcoll::media {

class ActiveUploads final {
public:
    // False when another stream holds `mediaId`.
    bool claim(const std::string& mediaId) {
        std::lock_guard lock(m_mutex);
        return m_processing.emplace(mediaId, false).second;
    }
    void release(const std::string& mediaId) {
        std::lock_guard lock(m_mutex);
        m_processing.erase(mediaId);
    }
    // Every byte arrived and the upload is being checked and turned into variants.
    void markProcessing(const std::string& mediaId) {
        std::lock_guard lock(m_mutex);
        if (auto it = m_processing.find(mediaId); it != m_processing.end()) it->second = true;
    }
    bool processing(const std::string& mediaId) const {
        std::lock_guard lock(m_mutex);
        const auto it = m_processing.find(mediaId);
        return it != m_processing.end() && it->second;
    }

private:
    mutable std::mutex m_mutex;
    std::map<std::string, bool> m_processing;  // claimed ids: whether processing
};

}  // namespace devcoll::media
