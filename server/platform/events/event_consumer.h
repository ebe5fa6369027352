#pragma once
// EventConsumer: applies events to one service's database exactly once. The service's handler
// runs inside a transaction that also records the event id in the inbox, so a redelivered
// event is skipped. A failing handler is retried with exponential backoff; after
// `maxAttempts` the event goes to the dead-letter table (and the log) so that later events
// still flow; unless the database itself was unavailable, which leaves it for redelivery.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>

#include "platform/events/event_transport.h"
#include "platform/storage/database.h"

namespace devcoll::events {

struct RetryPolicy final {
    int maxAttempts = 5;
    std::chrono::milliseconds firstBackoff{50};
    std::chrono::milliseconds maxBackoff{2000};
};

class EventConsumer final {
public:
    // Applies one event inside the consumer's transaction.
    using Apply = std::function<Status(storage::Tx&, const Envelope&)>;

    EventConsumer(std::string name, storage::Database& db, RetryPolicy policy = {});

    // Registers the handler of one event type.
    void on(EventType type, Apply apply);
    std::set<int> types() const;

    // For metrics: events applied since start, and for the last one how long after it happened
    // it was applied (the consumer's lag behind its producers).
    std::int64_t appliedCount() const { return m_applied.load(); }
    std::int64_t lastLagMicros() const { return m_lastLagMicros.load(); }

    // Subscribes this consumer to `transport`.
    void attach(EventTransport& transport);

    // Applies one delivery: skipped if already in the inbox, retried, dead-lettered.
    // Returns an error only when even the dead letter could not be written.
    Status deliver(const Envelope& envelope);
    // Applies several deliveries in order, in one transaction when all succeed.
    Status deliverAll(std::span<const Envelope* const> batch);

private:
    Result<bool> applyIn(storage::Tx& tx, const Envelope& envelope, const Apply& apply);
    Result<bool> applyOnce(const Envelope& envelope, const Apply& apply);
    Status deadLetter(const Envelope& envelope, const std::string& error, int attempts);

    std::string m_name;
    storage::Database& m_db;
    RetryPolicy m_policy;
    std::map<int, Apply> m_handlers;
    EventTransport* m_transport = nullptr;
    std::atomic<std::int64_t> m_applied{0};
    std::atomic<std::int64_t> m_lastLagMicros{0};
};

}  // namespace devcoll::events
