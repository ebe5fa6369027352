#include "sync/subscribe_reactor.h"

#include "platform/clock.h"
#include "sync/sync_changes.h"

namespace devcoll::sync {
namespace {

// Changes read per step: a burst is sent in pieces, and other streams get workers between them.
constexpr int kBatch = 100;

}  // namespace

SubscribeReactor::SubscribeReactor(grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request,
                                   SubscribeParts parts)
    : m_ctx(ctx), m_cursor(request->cursor()), m_parts(parts) {
    std::lock_guard lock(m_mutex);
    postLocked(&SubscribeReactor::begin);
    // Until begin() is over it may read the call's context: a cancel meanwhile is held back.
    // (begin() cannot run before this: it takes the lock held here.)
    if (m_tasks > 0) m_starting = true;
}

void SubscribeReactor::postLocked(void (SubscribeReactor::*step)()) {
    ++m_tasks;
    const bool posted = m_parts.runtime.workers().post([this, step] {
        (this->*step)();
        std::unique_lock lock(m_mutex);
        --m_tasks;
        releaseLocked(lock);
    });
    if (!posted) {
        --m_tasks;
        finishLocked(makeError(ErrorCode::Unavailable, "server is busy or shutting down; reconnect with your cursor"));
    }
}

// The reactor goes once gRPC is done with it and no step of it is still running. Leaving the
// hub first means the hub calls it no more.
void SubscribeReactor::releaseLocked(std::unique_lock<std::mutex>& lock) {
    if (!m_done || m_tasks > 0) return;
    lock.unlock();
    m_parts.hub.remove(m_userId, this);
    delete this;
}

Status SubscribeReactor::start() {
    DEVCOLL_TRY(rpc::CallContext call, m_parts.runtime.contextOf(m_ctx, rpc::Access::Authenticated));
    m_requestId = call.requestId;
    m_ctx->AddInitialMetadata("x-request-id", m_requestId);
    m_userId = call.caller().userId;
    DEVCOLL_TRY(m_position, openPosition(m_parts.pageTokens, m_userId, m_cursor, "cursor"));
    DEVCOLL_TRY(m_resync, resyncDiffFor(m_parts.store, m_userId, m_position));
    return {};
}

void SubscribeReactor::begin() {
    bool cancelled = false;
    {
        std::lock_guard lock(m_mutex);
        cancelled = m_finished;  // cancelled while queued: nothing to start
    }
    const Status started = cancelled ? Status{} : start();
    // Joining the hub before the first read: a change committed meanwhile wakes the stream.
    const bool joined = !cancelled && started.ok() && m_parts.hub.add(m_userId, this);
    std::lock_guard lock(m_mutex);
    m_starting = false;
    if (m_finished) return finishNowLocked();  // cancelled meanwhile: held back until now
    if (!started.ok()) return finishLocked(started);
    if (!joined) return finishLocked(makeError(ErrorCode::Unavailable, "server is shutting down; reconnect later"));
    if (m_resync) {
        *m_queue.emplace_back().mutable_resync() = std::move(*m_resync);
        m_resync.reset();
    }
    sendLocked();
}

void SubscribeReactor::fill() {
    LogPosition from;
    {
        std::lock_guard lock(m_mutex);
        from = m_position;
        m_moreWaiting = false;  // a wake while reading sets it again
    }
    auto entries = m_parts.store.changesAfter(m_userId, from, kBatch);
    std::lock_guard lock(m_mutex);
    m_filling = false;
    if (!entries.ok()) return finishLocked(entries.takeError());
    for (const LogEntry& entry : *entries) {
        auto change = changeOf(entry, m_parts.pageTokens, m_userId);
        if (!change.ok()) return finishLocked(change.takeError());
        *m_queue.emplace_back().mutable_change() = std::move(*change);
        m_position = entry.position;
    }
    if (entries->size() == static_cast<std::size_t>(kBatch)) m_moreWaiting = true;
    // A short read reached the end of the log: from here on the stream is live.
    if (entries->size() < static_cast<std::size_t>(kBatch) && !m_caughtUp) {
        m_caughtUp = true;
        auto* checkpoint = m_queue.emplace_back().mutable_checkpoint();
        checkpoint->set_cursor(sealPosition(m_parts.pageTokens, m_userId, m_position));
        checkpoint->set_caught_up(true);
    }
    sendLocked();
}

void SubscribeReactor::sendLocked() {
    if (m_finished || m_writing) return;
    if (!m_queue.empty()) {
        m_inFlight = std::move(m_queue.front());
        m_queue.pop_front();
        m_writing = true;
        StartWrite(&m_inFlight);
        return;
    }
    if (m_moreWaiting && !m_filling) {
        m_filling = true;
        postLocked(&SubscribeReactor::fill);
    }
}

void SubscribeReactor::OnWriteDone(bool ok) {
    std::lock_guard lock(m_mutex);
    m_writing = false;
    if (m_finished) {
        finishNowLocked();  // held back until the write in flight was done
        return;
    }
    if (!ok) return finishLocked(makeError(ErrorCode::Aborted, "stream broken; reconnect with your last cursor"));
    sendLocked();
}

void SubscribeReactor::wake() {
    std::lock_guard lock(m_mutex);
    if (m_finished) return;
    m_moreWaiting = true;
    sendLocked();
}

void SubscribeReactor::heartbeat() {
    std::lock_guard lock(m_mutex);
    if (m_finished || m_writing || !m_queue.empty()) return;
    *m_queue.emplace_back().mutable_heartbeat()->mutable_server_time() = toTimestamp(nowMicros());
    sendLocked();
}

void SubscribeReactor::close(const Error& why) {
    std::lock_guard lock(m_mutex);
    finishLocked(why);
}

void SubscribeReactor::OnCancel() {
    std::lock_guard lock(m_mutex);
    finishLocked(makeError(ErrorCode::Aborted, "cancelled by the client"));
}

void SubscribeReactor::OnDone() {
    std::unique_lock lock(m_mutex);
    m_done = true;
    releaseLocked(lock);
}

void SubscribeReactor::finishLocked(const Status& outcome) {
    if (m_finished) return;
    m_finished = true;
    m_outcome = outcome;
    if (!m_writing && !m_starting) finishNowLocked();
}

void SubscribeReactor::finishNowLocked() {
    if (m_finishCalled) return;
    m_finishCalled = true;
    Finish(m_parts.runtime.conclude(m_ctx, "sync.Subscribe", m_requestId, m_outcome, m_started));
}

}  // namespace devcoll::sync
