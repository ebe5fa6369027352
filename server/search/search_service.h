#pragma once
// SearchService: the gRPC edge of devcoll.search.v1. Reads the query (devcoll/search_text.h), checks
// filters and paging, and shapes hits with snippets; the index and visibility are SearchStore's.
// Reindex streams the progress of an IndexRebuild (reindex_reactor.h).
#include "devcoll/search/v1/search.grpc.pb.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"
#include "search/index_rebuild.h"
#include "search/search_store.h"

namespace devcoll::search {

class SearchService final : public v1::SearchService::CallbackService {
public:
    SearchService(rpc::RpcRuntime& runtime, SearchStore& store, const security::PageTokens& pageTokens,
                  IndexRebuild& rebuild)
        : m_rt(runtime), m_store(store), m_pageTokens(pageTokens), m_rebuild(rebuild) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* SearchUsers(Ctx*, const v1::SearchUsersRequest*, v1::SearchUsersResponse*) override;
    Reactor* SearchPosts(Ctx*, const v1::SearchPostsRequest*, v1::SearchPostsResponse*) override;
    Reactor* SearchAll(Ctx*, const v1::SearchAllRequest*, v1::SearchAllResponse*) override;
    grpc::ServerWriteReactor<v1::ReindexResponse>* Reindex(Ctx*, const v1::ReindexRequest*) override;

private:
    rpc::RpcRuntime& m_rt;
    SearchStore& m_store;
    const security::PageTokens& m_pageTokens;
    IndexRebuild& m_rebuild;
};

}  // namespace devcoll::search
