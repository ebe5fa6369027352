#include "platform/rpc/rpc_runtime.h"

#include <arpa/inet.h>

#include "devcoll/ids.h"
#include "platform/clock.h"

namespace devcoll::rpc {
namespace {

// "ipv4:127.0.0.1:5000" -> "127.0.0.1"; "ipv6:[::1]:5000" -> "::1".
std::string peerAddress(const std::string& peer) {
    std::string rest = peer.substr(peer.find(':') + 1);
    if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
    const auto colon = rest.rfind(':');
    return colon == std::string::npos ? rest : rest.substr(0, colon);
}

bool isIpAddress(const std::string& text) {
    in6_addr buffer{};
    return inet_pton(AF_INET, text.c_str(), &buffer) == 1 || inet_pton(AF_INET6, text.c_str(), &buffer) == 1;
}

std::string metadataValue(const grpc::CallbackServerContext* ctx, std::string_view key) {
    const auto& md = ctx->client_metadata();
    const auto it = md.find(grpc::string_ref(key.data(), key.size()));
    if (it == md.end()) return {};
    return std::string(it->second.data(), it->second.size());
}

}  // namespace

bool isSafeRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (unsigned char c : id) {
        if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
    }
    return true;
}

// The answer to a call over its rate limit.
Error RpcRuntime::overLimit(bool account, std::int64_t waitSeconds) const {
    const RateLimit& limit = account ? m_limiter.perAccount() : m_limiter.perAddress();
    return tooMany("too many calls (at most " + std::to_string(limit.requests) + " per " +
                       std::to_string(limit.window.count()) + " seconds per " + (account ? "account" : "address") + ")",
                   waitSeconds);
}

Result<CallContext> RpcRuntime::contextOf(grpc::CallbackServerContext* ctx, Access access) {
    CallContext call;
    const std::string given = metadataValue(ctx, "x-request-id");
    call.requestId = isSafeRequestId(given) ? given : newUuidV7();
    call.peerAddress = peerAddress(ctx->peer());
    // The HTTP gateway calls through the in-process channel (peer "unknown") and names its
    // client's address, so that a client's calls count alike over HTTP and gRPC. The header is
    // believed from no one else: a remote caller could name any address.
    if (ctx->peer() == kInProcessPeer) {
        const std::string forwarded = metadataValue(ctx, kClientAddressKey);
        if (isIpAddress(forwarded)) call.peerAddress = forwarded;
    }
    if (access == Access::Authenticated) {
        const std::string header = metadataValue(ctx, "authorization");
        constexpr std::string_view kBearer = "Bearer ";
        Result<security::Principal> principal =
            header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0
                ? makeError(ErrorCode::Unauthenticated, "missing 'authorization: Bearer <access token>'")
                : m_tokens.verify(header.substr(kBearer.size()));
        if (principal.ok()) {
            if (const auto suspension = m_suspensions.active(principal->userId, nowMicros())) {
                principal =
                    makeError(ErrorCode::Unauthenticated, "access token rejected: account " + describe(*suspension));
            }
        }
        if (!principal.ok()) {
            // Refused calls count against their address: bad tokens cost a verification each.
            if (const auto wait = m_limiter.take(call.peerAddress, false)) return overLimit(false, *wait);
            return principal.takeError();
        }
        call.principal = std::move(principal).value();
    }
    const bool account = call.principal.has_value();
    if (account && call.principal->hasRole(security::kAdminRole)) return call;
    if (const auto wait = m_limiter.take(account ? call.principal->userId : call.peerAddress, account)) {
        return overLimit(account, *wait);
    }
    return call;
}

grpc::Status RpcRuntime::conclude(grpc::CallbackServerContext* ctx, std::string_view method,
                                  const std::string& requestId, const Status& outcome,
                                  std::chrono::steady_clock::time_point started) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    if (m_calls) {
        m_calls->record(method, outcome.ok() ? grpc::StatusCode::OK : toGrpcCode(outcome.error().code),
                        static_cast<double>(micros) / 1e6);
    }
    if (outcome.ok()) {
        spdlog::debug("rpc {} ok {}us request_id={}", method, micros, requestId);
        return grpc::Status::OK;
    }
    const Error& error = outcome.error();
    if (error.code == ErrorCode::Internal) {
        spdlog::error("rpc {} internal error request_id={}: {}", method, requestId, error.message);
    } else {
        spdlog::debug("rpc {} {} {}us request_id={}: {}", method, static_cast<int>(toGrpcCode(error.code)), micros,
                      requestId, error.message);
    }
    return toGrpcStatus(error, ctx, requestId);
}

void RpcRuntime::finish(grpc::ServerUnaryReactor* reactor, grpc::CallbackServerContext* ctx, std::string_view method,
                        const CallContext& call, const Status& outcome, std::chrono::steady_clock::time_point started) {
    if (!call.requestId.empty()) ctx->AddInitialMetadata("x-request-id", call.requestId);
    reactor->Finish(conclude(ctx, method, call.requestId, outcome, started));
}

}  // namespace devcoll::rpc
