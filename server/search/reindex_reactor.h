#pragma once
// ReindexReactor: one SearchService.Reindex stream. A worker checks that the caller is an
// operator and starts the rebuild; the rebuild's thread reports progress, which is written as
// fast as the client reads it (a newer report replaces one not yet sent, so a slow client
// never holds up the rebuild), and the call finishes after the last report.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <mutex>
#include <optional>

#include "platform/rpc/rpc_runtime.h"
#include "search/index_rebuild.h"

namespace devcoll::search {

class ReindexReactor final : public grpc::ServerWriteReactor<v1::ReindexResponse> {
public:
    ReindexReactor(grpc::CallbackServerContext* ctx, rpc::RpcRuntime& runtime, IndexRebuild& rebuild);

    void OnWriteDone(bool ok) override;
    void OnDone() override;

private:
    void begin();
    void report(const v1::ReindexResponse& progress);
    void complete(const Status& outcome);
    // With m_mutex held: writes what is pending, or finishes once nothing is.
    void flushLocked();

    grpc::CallbackServerContext* m_ctx;
    rpc::RpcRuntime& m_runtime;
    IndexRebuild& m_rebuild;
    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::string m_requestId;

    std::mutex m_mutex;
    bool m_writing = false;
    bool m_clientGone = false;
    bool m_finished = false;
    std::optional<v1::ReindexResponse> m_pending;
    v1::ReindexResponse m_inFlight;
    std::optional<grpc::Status> m_outcome;
};

}  // namespace devcoll::search
