#pragma once
// CallMetrics: what every RPC adds to the Prometheus registry: a count per method and status
// code, and a latency histogram per method. RpcRuntime records each call as it concludes.
#include <grpcpp/grpcpp.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string_view>

namespace devcoll::metrics {

class CallMetrics final {
public:
    explicit CallMetrics(prometheus::Registry& registry);

    // One concluded call of `method` ("post.CreatePost") that took `seconds`.
    void record(std::string_view method, grpc::StatusCode code, double seconds);

private:
    prometheus::Family<prometheus::Counter>& m_calls;
    prometheus::Family<prometheus::Histogram>& m_durations;
};

}  // namespace devcoll::metrics
