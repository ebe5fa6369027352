#include "platform/rpc/peer.h"

#include <spdlog/spdlog.h>

namespace devcoll::rpc {
namespace {

// Every method of a peer: three tries in all for UNAVAILABLE. The calls made to peers are
// reads (GetMedia, VerifyPassword, ListAll*), safe to repeat.
constexpr const char* kRetryServiceConfig = R"({
  "methodConfig": [{
    "name": [{}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.05s",
      "maxBackoff": "0.5s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})";

// Only UNAVAILABLE says the peer is down. DEADLINE_EXCEEDED does not: a call carries its
// caller's deadline, and one impatient client must not shut the peer off for everybody.
bool meansDown(grpc::StatusCode code) { return code == grpc::StatusCode::UNAVAILABLE; }

}  // namespace

std::shared_ptr<grpc::ChannelInterface> remoteChannel(const std::string& address) {
    grpc::ChannelArguments args;
    args.SetServiceConfigJSON(kRetryServiceConfig);
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

Peer::Peer(std::string name, ChannelProvider channel, BreakerSettings settings)
    : m_name(std::move(name)), m_provider(std::move(channel)), m_settings(settings) {}

std::shared_ptr<grpc::ChannelInterface> Peer::channel() {
    std::call_once(m_channelOnce, [this] { m_channel = m_provider(); });
    return m_channel;
}

bool Peer::open() const {
    std::lock_guard lock(m_mutex);
    return m_failures >= m_settings.tripAfter;
}

bool Peer::admit() {
    std::lock_guard lock(m_mutex);
    if (m_failures < m_settings.tripAfter) return true;
    if (std::chrono::steady_clock::now() < m_openUntil || m_trialInFlight) return false;
    m_trialInFlight = true;  // half open: this call decides
    return true;
}

void Peer::record(const grpc::Status& status) {
    std::lock_guard lock(m_mutex);
    const bool wasOpen = m_failures >= m_settings.tripAfter;
    m_trialInFlight = false;
    if (!meansDown(status.error_code())) {
        if (wasOpen) spdlog::info("{} service answers again", m_name);
        m_failures = 0;
        return;
    }
    ++m_failures;
    if (m_failures >= m_settings.tripAfter) {
        if (!wasOpen) {
            spdlog::warn("{} service is down ({}): failing calls to it at once for {} ms", m_name,
                         status.error_message(), m_settings.openFor.count());
        }
        m_openUntil = std::chrono::steady_clock::now() + m_settings.openFor;
    }
}

std::unique_ptr<grpc::ClientContext> onBehalfOf(grpc::CallbackServerContext* ctx, const std::string& requestId) {
    auto client = std::make_unique<grpc::ClientContext>();
    client->set_deadline(std::min(ctx->deadline(), std::chrono::system_clock::now() + kPeerDeadline));
    const auto& md = ctx->client_metadata();
    if (auto it = md.find("authorization"); it != md.end()) {
        client->AddMetadata("authorization", std::string(it->second.data(), it->second.size()));
    }
    if (!requestId.empty()) client->AddMetadata("x-request-id", requestId);
    return client;
}

Error peerError(std::string_view peer, const grpc::Status& status) {
    const std::string message = std::string(peer) + ": " + status.error_message();
    switch (status.error_code()) {
        case grpc::StatusCode::UNAUTHENTICATED:
            return makeError(ErrorCode::Unauthenticated, message);
        case grpc::StatusCode::PERMISSION_DENIED:
            return makeError(ErrorCode::PermissionDenied, message);
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return makeError(ErrorCode::DeadlineExceeded, message);
        case grpc::StatusCode::CANCELLED:
            return makeError(ErrorCode::Aborted, message);
        default:
            return makeError(ErrorCode::Unavailable, message + "; retry later");
    }
}

}  // namespace devcoll::rpc
