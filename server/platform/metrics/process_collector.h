#pragma once
// ProcessCollector: the standard process_* metrics Prometheus's own client libraries export
// (CPU time, memory, open files, threads, start time), read from /proc/self at each scrape.
// prometheus-cpp does not provide them.
#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace devcoll::metrics {

class ProcessCollector final : public prometheus::Collectable {
public:
    std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace devcoll::metrics
