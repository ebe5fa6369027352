#include "platform/events/event_consumer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::events {

EventConsumer::EventConsumer(std::string name, storage::Database& db, RetryPolicy policy)
    : m_name(std::move(name)), m_db(db), m_policy(policy) {}

void EventConsumer::on(EventType type, Apply apply) { m_handlers[type] = std::move(apply); }

std::set<int> EventConsumer::types() const {
    std::set<int> out;
    for (const auto& [type, apply] : m_handlers) out.insert(type);
    return out;
}

void EventConsumer::attach(EventTransport& transport) {
    m_transport = &transport;
    transport.subscribe(m_name, types(), [this](std::span<const Envelope* const> batch) { return deliverAll(batch); });
}

Result<bool> EventConsumer::applyIn(storage::Tx& tx, const Envelope& envelope, const Apply& apply) {
    // Recorded first, in one statement that also tells whether it was already there: a
    // redelivered event is skipped, and a failure below rolls the record back with the rest.
    DEVCOLL_TRY(auto recorded, tx.exec("INSERT INTO event_inbox (event_id, consumer, processed_at) VALUES ($1, $2, $3) "
                                       "ON CONFLICT (event_id, consumer) DO NOTHING",
                                       {envelope.event_id(), m_name, nowMicros()}));
    if (recorded.affected == 0) return false;
    DEVCOLL_CHECK(apply(tx, envelope));
    tx.afterCommit([this, occurred = fromTimestamp(envelope.occurred_at())] {
        m_applied.fetch_add(1);
        m_lastLagMicros.store(nowMicros() - occurred);
    });
    return true;
}

Result<bool> EventConsumer::applyOnce(const Envelope& envelope, const Apply& apply) {
    return m_db.transact([&](storage::Tx& tx) { return applyIn(tx, envelope, apply); });
}

Status EventConsumer::deliverAll(std::span<const Envelope* const> batch) {
    if (batch.size() == 1) return deliver(*batch.front());
    // A consumer that fell behind catches up in one commit per batch instead of one per event.
    // If any event fails, none of the batch is kept, and each is applied on its own, with
    // retries and dead letters.
    const Status together = m_db.transact([&](storage::Tx& tx) -> Status {
        for (const Envelope* envelope : batch) {
            const auto handler = m_handlers.find(envelope->type());
            if (handler != m_handlers.end()) DEVCOLL_CHECK(applyIn(tx, *envelope, handler->second));
        }
        return {};
    });
    if (together.ok()) return {};
    spdlog::debug("{}: a batch of {} events failed together ({}); applying them one by one", m_name, batch.size(),
                  together.error().message);
    for (const Envelope* envelope : batch) DEVCOLL_CHECK(deliver(*envelope));
    return {};
}

Status EventConsumer::deliver(const Envelope& envelope) {
    const auto handler = m_handlers.find(envelope.type());
    if (handler == m_handlers.end()) return {};
    auto backoff = m_policy.firstBackoff;
    std::string lastError;
    ErrorCode lastCode = ErrorCode::Internal;
    for (int attempt = 1; attempt <= m_policy.maxAttempts; ++attempt) {
        auto applied = applyOnce(envelope, handler->second);
        if (applied.ok()) {
            if (!*applied) spdlog::debug("{}: event {} already applied", m_name, envelope.event_id());
            return {};
        }
        lastError = applied.error().message;
        lastCode = applied.error().code;
        spdlog::warn("{}: applying {} {} failed (attempt {} of {}): {}", m_name, EventType_Name(envelope.type()),
                     envelope.event_id(), attempt, m_policy.maxAttempts, lastError);
        if (attempt < m_policy.maxAttempts) {
            std::this_thread::sleep_for(backoff);
            backoff = std::min(backoff * 2, m_policy.maxBackoff);
        }
    }
    // The database being away (a restart, a failover) says nothing about the event: it waits
    // for redelivery rather than being given up on.
    if (lastCode == ErrorCode::Unavailable) {
        return makeError(ErrorCode::Unavailable, m_name + ": cannot apply events now: " + lastError);
    }
    spdlog::error("{}: event {} {} moved to the dead-letter table after {} attempts: {}", m_name,
                  EventType_Name(envelope.type()), envelope.event_id(), m_policy.maxAttempts, lastError);
    DEVCOLL_CHECK(deadLetter(envelope, lastError, m_policy.maxAttempts));
    if (m_transport != nullptr) m_transport->deadLettered(m_name, envelope, lastError);
    return {};
}

Status EventConsumer::deadLetter(const Envelope& envelope, const std::string& error, int attempts) {
    DEVCOLL_TRY(const std::string text, envelopeToText(envelope));
    return m_db.transact([&](storage::Tx& tx) -> Status {
        // The inbox entry makes a later redelivery of this event a no-op too.
        DEVCOLL_CHECK(
            tx.exec("INSERT INTO event_dead_letter (event_id, consumer, event_type, envelope, error, "
                    "attempts, failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "ON CONFLICT (event_id, consumer) DO NOTHING",
                    {envelope.event_id(), m_name, EventType_Name(envelope.type()), text, error, std::int64_t{attempts},
                     nowMicros()}));
        DEVCOLL_CHECK(
            tx.exec("INSERT INTO event_inbox (event_id, consumer, processed_at) VALUES ($1, $2, $3) "
                    "ON CONFLICT (event_id, consumer) DO NOTHING",
                    {envelope.event_id(), m_name, nowMicros()}));
        return {};
    });
}

}  // namespace devcoll::events
