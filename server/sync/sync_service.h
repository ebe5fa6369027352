#pragma once
// SyncService: the gRPC edge of devcoll.sync.v1, what each replica downloads. Snapshot pages
// through the caller's view at one position; Pull continues from a cursor; Subscribe
// (subscribe_reactor.h) pushes the same changes as they happen. The logs are SyncStore's.
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"
#include "sync/sync_hub.h"
#include "sync/sync_store.h"

namespace devcoll::sync {

class SyncService final : public v1::SyncService::CallbackService {
public:
    SyncService(rpc::RpcRuntime& runtime, SyncStore& store, SyncHub& hub, const security::PageTokens& pageTokens)
        : m_rt(runtime), m_store(store), m_hub(hub), m_pageTokens(pageTokens) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* Snapshot(Ctx*, const v1::SnapshotRequest*, v1::SnapshotResponse*) override;
    Reactor* Pull(Ctx*, const v1::PullRequest*, v1::PullResponse*) override;
    grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(Ctx*, const v1::SubscribeRequest*) override;
    Reactor* GetSyncStatus(Ctx*, const v1::GetSyncStatusRequest*, v1::GetSyncStatusResponse*) override;

private:
    rpc::RpcRuntime& m_rt;
    SyncStore& m_store;
    SyncHub& m_hub;
    const security::PageTokens& m_pageTokens;
};

}  // namespace devcoll::sync
