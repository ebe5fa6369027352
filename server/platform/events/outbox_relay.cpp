#include "platform/events/outbox_relay.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "devcoll/ids.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::events {
namespace {
constexpr int kBatchSize = 200;
// An event published but not confirmed for this long is published again (consumers dedupe).
constexpr std::int64_t kRedeliverAfterMicros = 30 * kMicrosPerSecond;
// How long a relay's hold on the outbox lasts without renewal: how long the other replicas of
// a service wait before they publish in place of one that crashed.
constexpr std::int64_t kLeaseMicros = 10 * kMicrosPerSecond;
}  // namespace

OutboxRelay::OutboxRelay(storage::Database& db, EventTransport& transport)
    : m_db(db), m_transport(transport), m_holder(newUuidV7()) {}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::start() {
    m_thread = std::thread([this] { run(); });
}

void OutboxRelay::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_pending = true;
        ++m_wakes;
    }
    m_wake.notify_one();
}

bool OutboxRelay::drained() {
    std::lock_guard lock(m_mutex);
    return m_wakesSeen == m_wakes && m_outboxEmpty && m_inFlight.empty() && m_confirmed.empty();
}

void OutboxRelay::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) {
        m_thread.join();
        releaseLease();
    }
}

bool OutboxRelay::holdLease() {
    // A SQLite file belongs to one process: no replica to share the outbox with, and no lease
    // for a restart after a crash to wait out.
    if (m_db.engine() == storage::Engine::Sqlite) return true;
    const std::int64_t now = nowMicros();
    if (m_leaseUntil - now > kLeaseMicros / 2) return true;
    auto held = m_db.transact([&](storage::Tx& tx) -> Result<bool> {
        DEVCOLL_CHECK(
            tx.exec("INSERT INTO event_relay_lease (name, holder, expires_at) VALUES ('outbox', '', 0) "
                    "ON CONFLICT (name) DO NOTHING"));
        DEVCOLL_TRY(auto taken, tx.exec("UPDATE event_relay_lease SET holder = $1, expires_at = $2 "
                                        "WHERE name = 'outbox' AND (holder = $1 OR expires_at < $3)",
                                        {m_holder, now + kLeaseMicros, now}));
        return taken.affected > 0;
    });
    if (!held.ok()) {
        spdlog::error("{}: outbox relay cannot take its lease: {}", m_db.name(), held.error().message);
        m_leaseUntil = 0;
        return false;
    }
    if (*held && m_leaseUntil == 0) spdlog::info("{}: this process now publishes the outbox", m_db.name());
    if (!*held && m_leaseUntil != 0) spdlog::info("{}: another process publishes the outbox now", m_db.name());
    m_leaseUntil = *held ? now + kLeaseMicros : 0;
    return *held;
}

void OutboxRelay::releaseLease() {
    if (m_leaseUntil == 0) return;
    // Handing over at once rather than after the lease runs out: another replica goes on.
    auto released = m_db.transact([&](storage::Tx& tx) -> Status {
        DEVCOLL_CHECK(
            tx.exec("UPDATE event_relay_lease SET expires_at = 0 WHERE name = 'outbox' AND holder = $1", {m_holder}));
        return {};
    });
    if (!released.ok()) spdlog::warn("{}: cannot release the outbox lease: {}", m_db.name(), released.error().message);
    m_leaseUntil = 0;
}

void OutboxRelay::run() {
    std::uint64_t wakes = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping || m_pending; });
            if (m_stopping) return;
            m_pending = false;
            wakes = m_wakes;
        }
        pass();
        std::lock_guard lock(m_mutex);
        m_wakesSeen = wakes;
    }
}

void OutboxRelay::pass() {
    std::vector<std::int64_t> confirmed;
    {
        std::lock_guard lock(m_mutex);
        confirmed.swap(m_confirmed);
    }
    if (!confirmed.empty()) {
        auto deleted = m_db.transact([&](storage::Tx& tx) -> Status {
            for (std::int64_t seq : confirmed) {
                DEVCOLL_CHECK(tx.exec("DELETE FROM event_outbox WHERE seq = $1", {seq}));
            }
            return {};
        });
        if (!deleted.ok()) {
            // The rows stay and are published again later; consumers ignore the repeats.
            spdlog::error("{}: outbox relay cannot delete sent events: {}", m_db.name(), deleted.error().message);
        }
    }
    if (!holdLease()) {
        // Another replica publishes: nothing is ours to send.
        std::lock_guard lock(m_mutex);
        m_outboxEmpty = true;
        return;
    }
    auto rows = m_db.read([&](storage::Tx& tx) {
        return tx.exec("SELECT seq, envelope FROM event_outbox ORDER BY seq LIMIT $1", {std::int64_t{kBatchSize}});
    });
    if (!rows.ok()) {
        spdlog::error("{}: outbox relay cannot read the outbox: {}", m_db.name(), rows.error().message);
        return;
    }
    const std::int64_t now = nowMicros();
    std::vector<std::pair<std::int64_t, Envelope>> toPublish;
    std::uint64_t refusalsBefore = 0;
    {
        std::lock_guard lock(m_mutex);
        refusalsBefore = m_refusals;
        m_outboxEmpty = rows->empty();
        for (const auto& row : *rows) {
            const std::int64_t seq = row.integer(0);
            const auto it = m_inFlight.find(seq);
            if (it != m_inFlight.end() && now - it->second < kRedeliverAfterMicros) continue;
            // Confirmed since this pass began (read before its row is deleted): not again.
            if (std::find(confirmed.begin(), confirmed.end(), seq) != confirmed.end()) continue;
            if (std::find(m_confirmed.begin(), m_confirmed.end(), seq) != m_confirmed.end()) continue;
            auto envelope = envelopeFromText(row.text(1));
            if (!envelope.ok()) {
                spdlog::error("{}: outbox row {} is unreadable: {}", m_db.name(), seq, envelope.error().message);
                continue;
            }
            m_inFlight[seq] = now;
            toPublish.emplace_back(seq, std::move(envelope).value());
        }
        if (rows->size() == static_cast<std::size_t>(kBatchSize)) m_pending = true;  // more to read
    }
    for (std::size_t i = 0; i < toPublish.size(); ++i) {
        auto& [seq, envelope] = toPublish[i];
        m_transport.publish(envelope, [this, seq = seq](bool accepted) {
            {
                std::lock_guard lock(m_mutex);
                m_inFlight.erase(seq);
                // Refused: the row stays and goes again at the next pass, in order with the
                // rest; not at once, so that a broker that is away is not asked in a loop.
                if (!accepted) {
                    ++m_refusals;
                    return;
                }
                m_confirmed.push_back(seq);
                m_pending = true;
            }
            m_wake.notify_one();
        });
        // Once one is refused, the rest of this pass waits too: a later event must not reach
        // the broker before an earlier one (of the same post, say) that goes again next pass.
        std::lock_guard lock(m_mutex);
        if (m_refusals != refusalsBefore) {
            for (std::size_t j = i + 1; j < toPublish.size(); ++j) m_inFlight.erase(toPublish[j].first);
            break;
        }
    }
}

}  // namespace devcoll::events
