#pragma once
// SyncHub: the open Subscribe streams by user. After a commit that wrote to some users' logs,
// notify() wakes those users' streams; a single timer thread asks idle streams to send a
// heartbeat. No stream has a thread of its own.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "devcoll/result.h"

namespace devcoll::sync {

// What the hub needs of a stream.
class Subscription {
public:
    virtual ~Subscription() = default;
    // New changes may be in the log.
    virtual void wake() = 0;
    // Send a heartbeat if nothing else is being sent.
    virtual void heartbeat() = 0;
    // Finish with `why` (the server is shutting down: UNAVAILABLE; the account was suspended:
    // UNAUTHENTICATED).
    virtual void close(const Error& why) = 0;
};

class SyncHub final {
public:
    explicit SyncHub(std::chrono::milliseconds heartbeatInterval);
    ~SyncHub();
    SyncHub(const SyncHub&) = delete;
    SyncHub& operator=(const SyncHub&) = delete;

    // False once the hub is closing: the stream must finish instead.
    bool add(const std::string& userId, Subscription* subscription);
    void remove(const std::string& userId, Subscription* subscription);
    void notify(const std::set<std::string>& userIds);
    // Closes every stream and refuses new ones (server shutdown).
    void closeAll();
    // Ends one user's streams (their account was suspended).
    void closeUser(const std::string& userId, const Error& why);

    struct Counts final {
        std::size_t streams = 0;
        std::size_t users = 0;
    };
    Counts counts() const;

private:
    void beat();

    const std::chrono::milliseconds m_interval;
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeTimer;
    bool m_closing = false;
    std::unordered_multimap<std::string, Subscription*> m_streams;
    std::thread m_timer;
};

}  // namespace devcoll::sync
