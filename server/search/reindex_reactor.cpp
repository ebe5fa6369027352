#include "search/reindex_reactor.h"

namespace devcoll::search {

ReindexReactor::ReindexReactor(grpc::CallbackServerContext* ctx, rpc::RpcRuntime& runtime, IndexRebuild& rebuild)
    : m_ctx(ctx), m_runtime(runtime), m_rebuild(rebuild) {
    if (!m_runtime.workers().post([this] { begin(); })) {
        complete(makeError(ErrorCode::Unavailable, "server is busy or shutting down, retry later"));
    }
}

void ReindexReactor::begin() {
    const Status started = [this]() -> Status {
        DEVCOLL_TRY(rpc::CallContext call, m_runtime.contextOf(m_ctx, rpc::Access::Authenticated));
        m_requestId = call.requestId;
        // Initial metadata goes out with the first message: set it before the rebuild reports.
        m_ctx->AddInitialMetadata("x-request-id", m_requestId);
        DEVCOLL_CHECK(call.requireAdmin());
        return m_rebuild.start(
            m_ctx, m_requestId, [this](const v1::ReindexResponse& progress) { report(progress); },
            [this](const Status& outcome) { complete(outcome); });
    }();
    if (!started.ok()) complete(started);
}

void ReindexReactor::report(const v1::ReindexResponse& progress) {
    std::lock_guard lock(m_mutex);
    m_pending = progress;
    flushLocked();
}

void ReindexReactor::complete(const Status& outcome) {
    std::lock_guard lock(m_mutex);
    m_outcome = m_runtime.conclude(m_ctx, "search.Reindex", m_requestId, outcome, m_started);
    flushLocked();
}

void ReindexReactor::OnDone() {
    // complete() may still hold the lock it called Finish under, on the rebuild's thread.
    { std::lock_guard lock(m_mutex); }
    delete this;
}

void ReindexReactor::OnWriteDone(bool ok) {
    std::lock_guard lock(m_mutex);
    m_writing = false;
    if (!ok) m_clientGone = true;  // the rebuild sees the call cancelled and stops
    flushLocked();
}

void ReindexReactor::flushLocked() {
    if (m_writing || m_finished) return;
    if (m_pending && !m_clientGone) {
        m_inFlight = std::move(*m_pending);
        m_pending.reset();
        m_writing = true;
        StartWrite(&m_inFlight);
        return;
    }
    if (m_outcome) {
        m_finished = true;
        Finish(*m_outcome);
    }
}

}  // namespace devcoll::search
