#include "platform/events/outbox_relay.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::events {
namespace {
constexpr int kBatchSize = 200;
// An event published but not confirmed for this long is published again (consumers dedupe).
constexpr std::int64_t kRedeliverAfterMicros = 30 * kMicrosPerSecond;
}  // namespace

OutboxRelay::OutboxRelay(storage::Database& db, EventTransport& transport) : m_db(db), m_transport(transport) {}

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
    if (m_thread.joinable()) m_thread.join();
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
    auto rows = m_db.read([&](storage::Tx& tx) {
        return tx.exec("SELECT seq, envelope FROM event_outbox ORDER BY seq LIMIT $1", {std::int64_t{kBatchSize}});
    });
    if (!rows.ok()) {
        spdlog::error("{}: outbox relay cannot read the outbox: {}", m_db.name(), rows.error().message);
        return;
    }
    const std::int64_t now = nowMicros();
    std::vector<std::pair<std::int64_t, Envelope>> toPublish;
    {
        std::lock_guard lock(m_mutex);
        m_outboxEmpty = rows->empty();
        for (const auto& row : *rows) {
            const std::int64_t seq = row.integer(0);
            const auto it = m_inFlight.find(seq);
            if (it != m_inFlight.end() && now - it->second < kRedeliverAfterMicros) continue;
            if (std::find(confirmed.begin(), confirmed.end(), seq) != confirmed.end()) continue;
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
    for (auto& [seq, envelope] : toPublish) {
        m_transport.publish(envelope, [this, seq = seq] {
            {
                std::lock_guard lock(m_mutex);
                m_inFlight.erase(seq);
                m_confirmed.push_back(seq);
                m_pending = true;
            }
            m_wake.notify_one();
        });
    }
}

}  // namespace devcoll::events
