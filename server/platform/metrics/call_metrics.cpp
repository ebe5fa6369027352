#include "platform/metrics/call_metrics.h"

#include <array>

namespace devcoll::metrics {
namespace {

// gRPC's names for its codes, as in the protocol's documentation.
std::string codeName(grpc::StatusCode code) {
    static const std::array<const char*, 17> names{
        "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED"};
    const auto index = static_cast<std::size_t>(code);
    return index < names.size() ? names[index] : std::to_string(index);
}

// From half a millisecond (a cached read) to ten seconds (a deadline).
const prometheus::Histogram::BucketBoundaries& boundaries() {
    static const prometheus::Histogram::BucketBoundaries b{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
    return b;
}

}  // namespace

CallMetrics::CallMetrics(prometheus::Registry& registry)
    : m_calls(prometheus::BuildCounter()
                  .Name("devcoll_rpc_calls_total")
                  .Help("RPCs served, by method and gRPC status code")
                  .Register(registry)),
      m_durations(prometheus::BuildHistogram()
                      .Name("devcoll_rpc_duration_seconds")
                      .Help("Time from a call's arrival to its answer, by method")
                      .Register(registry)) {}

void CallMetrics::record(std::string_view method, grpc::StatusCode code, double seconds) {
    const std::string name(method);
    m_calls.Add({{"method", name}, {"code", codeName(code)}}).Increment();
    m_durations.Add({{"method", name}}, boundaries()).Observe(seconds);
}

}  // namespace devcoll::metrics
