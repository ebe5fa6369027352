#pragma once
// MetricsEndpoint: Prometheus's text format over HTTP (prometheus-cpp's Exposer, at /metrics)
// on an address of its own (--metrics-listen), apart from the gRPC port, so that it can be
// firewalled for the monitoring system alone.
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::metrics {

class MetricsEndpoint final {
public:
    // Listens on `address` (host:port; port 0 picks a free one) and serves `collectables`.
    static Result<std::unique_ptr<MetricsEndpoint>> start(
        const std::string& address, std::vector<std::shared_ptr<prometheus::Collectable>> collectables);

    int port() const;

private:
    MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer,
                    std::vector<std::shared_ptr<prometheus::Collectable>> collectables)
        : m_exposer(std::move(exposer)), m_collectables(std::move(collectables)) {}

    std::unique_ptr<prometheus::Exposer> m_exposer;
    // The exposer holds them weakly.
    std::vector<std::shared_ptr<prometheus::Collectable>> m_collectables;
};

}  // namespace devcoll::metrics
