#pragma once
// RpcRuntime: what every service's handlers share: the worker pool that runs blocking work and
// the access-token check. `unary()` is how a handler runs: the completion thread only reads
// metadata and hands off; the worker authenticates, runs the handler and finishes the call.
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string_view>

#include "platform/metrics/call_metrics.h"
#include "platform/rpc/call_context.h"
#include "platform/rpc/rate_limiter.h"
#include "platform/rpc/status_mapping.h"
#include "platform/security/access_token.h"
#include "platform/security/suspensions.h"
#include "platform/worker_pool.h"

namespace devcoll::rpc {

enum class Access { Public, Authenticated };

class RpcRuntime final {
public:
    // `calls` (may be null: no metrics) counts every call as it concludes.
    RpcRuntime(WorkerPool& workers, security::AccessTokens& tokens, const security::Suspensions& suspensions,
               RateLimiter& limiter, metrics::CallMetrics* calls, std::chrono::milliseconds maxQueueWait)
        : m_workers(workers),
          m_tokens(tokens),
          m_suspensions(suspensions),
          m_limiter(limiter),
          m_calls(calls),
          m_maxQueueWait(maxQueueWait) {}

    WorkerPool& workers() { return m_workers; }
    security::AccessTokens& tokens() { return m_tokens; }
    const security::Suspensions& suspensions() const { return m_suspensions; }

    // Runs `handler(const CallContext&) -> Status` on a worker and finishes the call with its
    // outcome. `method` names the call in logs.
    template <typename Handler>
    grpc::ServerUnaryReactor* unary(grpc::CallbackServerContext* ctx, std::string_view method, Access access,
                                    Handler&& handler);

    // Reads request id, peer and (for Access::Authenticated) the bearer token of a call. The
    // token of a suspended account is refused, however long it would still be valid. Every call
    // takes its turn from its account's or its address's rate limit (operators' calls do not).
    Result<CallContext> contextOf(grpc::CallbackServerContext* ctx, Access access);

    // Logs and counts a call's outcome and turns it into the status to finish it with
    // (streaming calls finish themselves; unary() does this for unary ones).
    grpc::Status conclude(grpc::CallbackServerContext* ctx, std::string_view method, const std::string& requestId,
                          const Status& outcome, std::chrono::steady_clock::time_point started);

private:
    Error overLimit(bool account, std::int64_t waitSeconds) const;
    void finish(grpc::ServerUnaryReactor* reactor, grpc::CallbackServerContext* ctx, std::string_view method,
                const CallContext& call, const Status& outcome, std::chrono::steady_clock::time_point started);

    WorkerPool& m_workers;
    security::AccessTokens& m_tokens;
    const security::Suspensions& m_suspensions;
    RateLimiter& m_limiter;
    metrics::CallMetrics* m_calls;
    std::chrono::milliseconds m_maxQueueWait;
};

template <typename Handler>
grpc::ServerUnaryReactor* RpcRuntime::unary(grpc::CallbackServerContext* ctx, std::string_view method, Access access,
                                            Handler&& handler) {
    auto* reactor = ctx->DefaultReactor();
    const auto started = std::chrono::steady_clock::now();
    auto task = [this, reactor, ctx, method, access, started, handler = std::forward<Handler>(handler)]() mutable {
        auto call = contextOf(ctx, access);
        if (!call.ok()) {
            finish(reactor, ctx, method, CallContext{}, call.takeError(), started);
            return;
        }
        // Work that waited past the caller's deadline, or past our own limit, is not started:
        // nobody is waiting for its answer any more.
        if (ctx->IsCancelled() || std::chrono::system_clock::now() > ctx->deadline()) {
            finish(reactor, ctx, method, *call, makeError(ErrorCode::DeadlineExceeded, "deadline passed in queue"),
                   started);
            return;
        }
        if (std::chrono::steady_clock::now() - started > m_maxQueueWait) {
            finish(reactor, ctx, method, *call, makeError(ErrorCode::Unavailable, "server overloaded, retry later"),
                   started);
            return;
        }
        Status outcome = [&]() -> Status {
            try {
                return handler(*call);
            } catch (const std::exception& e) {
                return makeError(ErrorCode::Internal, std::string("unexpected exception: ") + e.what());
            }
        }();
        finish(reactor, ctx, method, *call, outcome, started);
    };
    if (!m_workers.post(std::move(task))) {
        if (m_calls) m_calls->record(method, grpc::StatusCode::UNAVAILABLE, 0.0);
        reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is busy or shutting down, retry later"));
    }
    return reactor;
}

}  // namespace devcoll::rpc
