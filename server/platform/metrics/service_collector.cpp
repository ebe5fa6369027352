#include "platform/metrics/service_collector.h"

#include <spdlog/spdlog.h>

#include "platform/clock.h"

namespace devcoll::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily family(std::string name, std::string help, MetricType type) {
    return MetricFamily{std::move(name), std::move(help), type, {}};
}

void add(MetricFamily& family, std::vector<ClientMetric::Label> labels, double value) {
    ClientMetric metric;
    metric.label = std::move(labels);
    if (family.type == MetricType::Counter) {
        metric.counter.value = value;
    } else {
        metric.gauge.value = value;
    }
    family.metric.push_back(std::move(metric));
}

struct EventTables final {
    std::int64_t backlog = 0;
    std::int64_t oldestMicros = 0;  // 0: none waiting
    std::int64_t deadLetters = 0;
};

Result<EventTables> readEventTables(storage::Database& db) {
    return db.read([](storage::Tx& tx) -> Result<EventTables> {
        DEVCOLL_TRY(auto outbox, tx.exec("SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM event_outbox"));
        DEVCOLL_TRY(auto dead, tx.exec("SELECT COUNT(*) FROM event_dead_letter"));
        return EventTables{outbox[0].integer(0), outbox[0].integer(1), dead[0].integer(0)};
    });
}

}  // namespace

std::vector<MetricFamily> ServiceCollector::Collect() const {
    auto backlog = family("devcoll_outbox_backlog", "Events committed and not yet confirmed delivered by the transport",
                          MetricType::Gauge);
    auto oldest =
        family("devcoll_outbox_oldest_age_seconds",
               "Age of the oldest event waiting in the outbox (the relay's lag; 0 when none waits)", MetricType::Gauge);
    auto dead = family("devcoll_event_dead_letters", "Events the service's consumer gave up on (kept for operators)",
                       MetricType::Gauge);
    auto applied = family("devcoll_events_applied_total", "Events the service's consumer applied since start",
                          MetricType::Counter);
    auto lag = family("devcoll_event_consumer_lag_seconds",
                      "For the last event applied: how long after it happened it was applied", MetricType::Gauge);
    auto connections =
        family("devcoll_db_connections", "Database connections of the service's pool, by state", MetricType::Gauge);
    auto waiting =
        family("devcoll_db_waiting_transactions", "Transactions waiting for a pooled connection", MetricType::Gauge);
    const std::int64_t now = nowMicros();
    for (const ServiceProbe& s : m_services) {
        const std::vector<ClientMetric::Label> service{{"service", s.name}};
        const storage::Database::PoolUse pool = s.db->poolUse();
        // A scrape never waits for a connection the service's own work needs: with none idle,
        // these series are missing this time.
        auto tables = pool.inUse < pool.size ? readEventTables(*s.db)
                                             : Result<EventTables>(makeError(ErrorCode::Unavailable, "pool busy"));
        if (tables.ok()) {
            add(backlog, service, static_cast<double>(tables->backlog));
            add(oldest, service,
                tables->oldestMicros == 0 ? 0.0 : static_cast<double>(now - tables->oldestMicros) / 1e6);
            add(dead, service, static_cast<double>(tables->deadLetters));
        } else {
            // A scrape must not fail for one database: its series are missing this time.
            spdlog::debug("metrics: cannot read {}'s event tables: {}", s.name, tables.error().message);
        }
        add(applied, service, static_cast<double>(s.consumer->appliedCount()));
        add(lag, service, static_cast<double>(s.consumer->lastLagMicros()) / 1e6);
        add(connections, {{"service", s.name}, {"state", "in_use"}}, static_cast<double>(pool.inUse));
        add(connections, {{"service", s.name}, {"state", "idle"}}, static_cast<double>(pool.size - pool.inUse));
        add(waiting, service, static_cast<double>(pool.waiting));
    }
    std::vector<MetricFamily> out{backlog, oldest, dead, applied, lag, connections, waiting};
    if (const auto streams = m_syncStreams ? m_syncStreams() : std::nullopt) {
        auto open = family("devcoll_sync_streams", "Open Subscribe streams", MetricType::Gauge);
        add(open, {}, static_cast<double>(streams->streams));
        auto users =
            family("devcoll_sync_stream_users", "Users with at least one open Subscribe stream", MetricType::Gauge);
        add(users, {}, static_cast<double>(streams->users));
        out.push_back(std::move(open));
        out.push_back(std::move(users));
    }
    return out;
}

}  // namespace devcoll::metrics
