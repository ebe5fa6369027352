#pragma once
// SubscribeReactor: one Subscribe stream. A worker reads what the log holds after the
// stream's position and sends it, a message at a time; once nothing is left it sends a
// caught-up checkpoint and waits, holding no thread, until the hub wakes it for new changes
// (or asks for a heartbeat). Works on workers only ever one step at a time.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <list>
#include <mutex>
#include <optional>

#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"
#include "sync/sync_hub.h"
#include "sync/sync_store.h"

namespace devcoll::sync {

struct SubscribeParts final {
    rpc::RpcRuntime& runtime;
    SyncStore& store;
    SyncHub& hub;
    const security::PageTokens& pageTokens;
};

class SubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse>, public Subscription {
public:
    SubscribeReactor(grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request, SubscribeParts parts);

    void OnWriteDone(bool ok) override;
    void OnCancel() override;
    void OnDone() override;

    void wake() override;
    void heartbeat() override;
    void close(const Error& why) override;

private:
    void begin();
    Status start();
    // Reads the next changes into the queue (on a worker).
    void fill();
    // With m_mutex held: writes the next queued message, or starts a fill if changes wait.
    void sendLocked();
    void postLocked(void (SubscribeReactor::*step)());
    // Ends the call with `outcome`: now, or once the write in flight or begin() is over.
    void finishLocked(const Status& outcome);
    void finishNowLocked();
    void releaseLocked(std::unique_lock<std::mutex>& lock);

    grpc::CallbackServerContext* m_ctx;
    const std::string m_cursor;
    SubscribeParts m_parts;
    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::string m_requestId;
    std::string m_userId;
    std::optional<v1::ResyncDiff> m_resync;  // from start(), sent first

    std::mutex m_mutex;
    LogPosition m_position;  // what has been read into the queue
    // A list, not a deque: an empty list allocates nothing, and most streams sit idle (a deque
    // takes 574 bytes at construction, 6 MB over 10,000 streams).
    std::list<v1::SubscribeResponse> m_queue;
    v1::SubscribeResponse m_inFlight;
    Status m_outcome;
    bool m_registered = false;
    bool m_starting = false;  // begin() is queued or running: it may still use the context
    bool m_writing = false;
    bool m_filling = false;
    bool m_moreWaiting = true;  // the log may hold changes after m_position
    bool m_caughtUp = false;
    bool m_finished = false;      // decided to finish
    bool m_finishCalled = false;  // told gRPC
    bool m_done = false;
    int m_tasks = 0;  // worker steps posted and not yet over
};

}  // namespace devcoll::sync
