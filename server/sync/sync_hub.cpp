#include "sync/sync_hub.h"

#include <vector>

namespace devcoll::sync {

SyncHub::SyncHub(std::chrono::milliseconds heartbeatInterval)
    : m_interval(heartbeatInterval), m_timer([this] { beat(); }) {}

SyncHub::~SyncHub() {
    closeAll();
    m_timer.join();
}

bool SyncHub::add(const std::string& userId, Subscription* subscription) {
    std::lock_guard lock(m_mutex);
    if (m_closing) return false;
    m_streams.emplace(userId, subscription);
    return true;
}

void SyncHub::remove(const std::string& userId, Subscription* subscription) {
    std::lock_guard lock(m_mutex);
    auto [begin, end] = m_streams.equal_range(userId);
    for (auto it = begin; it != end; ++it) {
        if (it->second == subscription) {
            m_streams.erase(it);
            return;
        }
    }
}

// Streams are called with the hub's lock held: a stream removes itself (taking the lock)
// before it can go away, so none is called after it is gone. Their calls only post work.
void SyncHub::notify(const std::set<std::string>& userIds) {
    std::lock_guard lock(m_mutex);
    for (const std::string& user : userIds) {
        auto [begin, end] = m_streams.equal_range(user);
        for (auto it = begin; it != end; ++it) it->second->wake();
    }
}

void SyncHub::closeAll() {
    std::lock_guard lock(m_mutex);
    if (m_closing) return;
    m_closing = true;
    const Error why = makeError(ErrorCode::Unavailable, "server is shutting down; reconnect with your last cursor");
    for (auto& [user, stream] : m_streams) stream->close(why);
    m_wakeTimer.notify_all();
}

void SyncHub::closeUser(const std::string& userId, const Error& why) {
    std::lock_guard lock(m_mutex);
    auto [begin, end] = m_streams.equal_range(userId);
    for (auto it = begin; it != end; ++it) it->second->close(why);
}

SyncHub::Counts SyncHub::counts() const {
    std::lock_guard lock(m_mutex);
    Counts counts{m_streams.size(), 0};
    // A multimap keeps equal keys together: count where a new user's streams begin.
    for (auto it = m_streams.begin(); it != m_streams.end(); it = m_streams.equal_range(it->first).second) {
        ++counts.users;
    }
    return counts;
}

void SyncHub::beat() {
    std::unique_lock lock(m_mutex);
    while (!m_closing) {
        m_wakeTimer.wait_for(lock, m_interval);
        if (m_closing) break;
        for (auto& [user, stream] : m_streams) stream->heartbeat();
    }
}

}  // namespace devcoll::sync
