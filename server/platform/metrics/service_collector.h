#pragma once
// ServiceCollector: each service's state at scrape time: its outbox backlog and how old the
// oldest waiting event is (the relay's lag), its consumer's progress and lag, its dead letters,
// its connection pool; and the sync service's open streams. Read when Prometheus asks, so
// nothing is kept up to date between scrapes.
#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/events/event_consumer.h"
#include "platform/storage/database.h"

namespace devcoll::metrics {

struct ServiceProbe final {
    std::string name;
    storage::Database* db = nullptr;
    const events::EventConsumer* consumer = nullptr;
};

struct StreamCounts final {
    std::size_t streams = 0;
    std::size_t users = 0;
};

class ServiceCollector final : public prometheus::Collectable {
public:
    ServiceCollector(std::vector<ServiceProbe> services, std::function<std::optional<StreamCounts>()> syncStreams)
        : m_services(std::move(services)), m_syncStreams(std::move(syncStreams)) {}

    std::vector<prometheus::MetricFamily> Collect() const override;

private:
    std::vector<ServiceProbe> m_services;
    std::function<std::optional<StreamCounts>()> m_syncStreams;
};

}  // namespace devcoll::metrics
