#pragma once
// OutboxRelay: moves one service's outbox rows to the transport, oldest first, and deletes
// each row once the transport confirms it. Woken right after a commit that wrote events, and
// every second anyway (rows left by a crash, or by another process sharing the database).
//
// Replicas of a service share its database: one relay at a time holds the outbox's lease and
// publishes, so that events leave in commit order. The holder renews it as it goes; when the
// holder is gone (crashed, stopped), another replica takes over once the lease ran out.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
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
    // True while this relay holds the outbox's lease (renewed here when half of it is gone).
    bool holdLease();
    void releaseLease();

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
    std::uint64_t m_refusals = 0;  // publishes the transport refused so far
    std::thread m_thread;
    const std::string m_holder;     // this relay's name in the lease
    std::int64_t m_leaseUntil = 0;  // µs; relay thread only
};

}  // namespace devcoll::events
