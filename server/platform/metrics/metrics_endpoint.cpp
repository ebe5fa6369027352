#include "platform/metrics/metrics_endpoint.h"

namespace devcoll::metrics {

Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::start(
    const std::string& address, std::vector<std::shared_ptr<prometheus::Collectable>> collectables) {
    std::unique_ptr<prometheus::Exposer> exposer;
    try {
        // CivetWeb's options: two threads are plenty for a scrape every few seconds.
        exposer = std::make_unique<prometheus::Exposer>(address, 2);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Unavailable, "cannot serve metrics on " + address + ": " + e.what());
    }
    for (const auto& c : collectables) exposer->RegisterCollectable(c);
    return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer), std::move(collectables)));
}

int MetricsEndpoint::port() const {
    const auto ports = m_exposer->GetListeningPorts();
    return ports.empty() ? 0 : ports.front();
}

}  // namespace devcoll::metrics
