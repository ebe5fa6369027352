#pragma once
// How one service calls another through its gRPC contract: in the embedded default through
// the server's in-process channel, in scale-out through --peer. The channel is opened on first
// use (the in-process one exists only once the server has started), and calls carry the
// original caller's token and request id, with a deadline. A peer in another process is
// called with gRPC's own retries of UNAVAILABLE, behind a circuit breaker.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "devcoll/result.h"

namespace devcoll::rpc {

using ChannelProvider = std::function<std::shared_ptr<grpc::ChannelInterface>()>;

inline constexpr auto kPeerDeadline = std::chrono::seconds(5);

// A channel to a peer in another process: idempotent calls that fail with UNAVAILABLE (the
// connection broke, the peer restarts) are retried by gRPC with backoff, within the deadline.
std::shared_ptr<grpc::ChannelInterface> remoteChannel(const std::string& address);

// When to stop calling a peer that is down, and for how long.
struct BreakerSettings final {
    int tripAfter = 5;                        // failures in a row that open the circuit
    std::chrono::milliseconds openFor{5000};  // calls fail at once meanwhile
};

// One service this one calls. Calls go through call(): after `tripAfter` failures in a row
// that mean the peer is down (UNAVAILABLE), the circuit opens and calls fail
// at once with UNAVAILABLE instead of each waiting for its deadline; after `openFor` one trial
// call is let through, and its outcome closes or opens the circuit again.
class Peer final {
public:
    Peer(std::string name, ChannelProvider channel, BreakerSettings settings = {});

    const std::string& name() const { return m_name; }
    std::shared_ptr<grpc::ChannelInterface> channel();

    template <typename Call>
    grpc::Status call(Call&& call) {
        if (!admit()) {
            return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                m_name + " service is down (not called again for a few seconds)");
        }
        grpc::Status status = call();
        record(status);
        return status;
    }

    bool open() const;

private:
    bool admit();
    void record(const grpc::Status& status);

    const std::string m_name;
    const ChannelProvider m_provider;
    const BreakerSettings m_settings;
    std::once_flag m_channelOnce;
    std::shared_ptr<grpc::ChannelInterface> m_channel;
    mutable std::mutex m_mutex;
    int m_failures = 0;
    std::chrono::steady_clock::time_point m_openUntil{};
    bool m_trialInFlight = false;
};

// A client context for a call made on behalf of the caller of `ctx`.
std::unique_ptr<grpc::ClientContext> onBehalfOf(grpc::CallbackServerContext* ctx, const std::string& requestId);

// A failed call to `peer` ("user service") as our caller should see it: their credentials'
// verdicts and deadlines pass through; anything else means the peer cannot serve now.
Error peerError(std::string_view peer, const grpc::Status& status);

}  // namespace devcoll::rpc
