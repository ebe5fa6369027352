#pragma once
// OutboxRelay: moves one service's outbox rows to the transport, oldest first, and deletes
// each row once the transport confirms it. Woken right after a commit that wrote events, and
// every second anyway (rows left by a crash, or by another process sharing the database).
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "platform/events/event_transport.h"
#include "platform/storage/database.h"

namespace devcoll::events {

class OutboxRelay final {
public:
    OutboxRelay(storage::Database& db, EventTransport& transport);
    ~OutboxRelay();
    OutboxRelay(const OutboxRelay&) = delete;
    OutboxRelay& operator=(const OutboxRelay&) = delete;

    void start();
    void wake();
    // True when a pass that started after the last wake() found the outbox empty, and nothing
    // awaits confirmation.
    bool drained();
    void stop();

private:
    void run();
    void pass();

    storage::Database& m_db;
    EventTransport& m_transport;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    std::uint64_t m_wakes = 0;      // wake() calls so far
    std::uint64_t m_wakesSeen = 0;  // wakes a completed pass started after
    bool m_stopping = false;
    bool m_outboxEmpty = false;
    std::map<std::int64_t, std::int64_t> m_inFlight;  // seq -> when published (µs)
    std::vector<std::int64_t> m_confirmed;
    std::thread m_thread;
};

}  // namespace devcoll::events
