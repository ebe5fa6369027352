#pragma once
// IndexRebuild: the work behind SearchService.Reindex. Pages through every user, follow and
// post with their owners' operator-only ListAll* calls (on behalf of the operator who asked)
// and refreshes the index in place (SearchStore's rebuild steps), on a thread of its own, one
// rebuild at a time. Searches go on being answered throughout.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "devcoll/result.h"
#include "devcoll/search/v1/search.pb.h"
#include "platform/rpc/peer.h"
#include "search/search_store.h"

namespace devcoll::search {

class IndexRebuild final {
public:
    using Report = std::function<void(const v1::ReindexResponse&)>;
    using Done = std::function<void(const Status&)>;

    IndexRebuild(SearchStore& store, std::shared_ptr<rpc::Peer> users, std::shared_ptr<rpc::Peer> posts)
        : m_store(store), m_users(std::move(users)), m_posts(std::move(posts)) {}
    ~IndexRebuild() { join(); }
    IndexRebuild(const IndexRebuild&) = delete;
    IndexRebuild& operator=(const IndexRebuild&) = delete;

    // Starts a rebuild for the call `ctx` (which must outlive it: the call finishes in `done`).
    // `report` is called with progress, `done` once with the outcome, both on the rebuild's
    // thread. Aborted when a rebuild is already running. Cancelling the call stops the rebuild
    // after the page in hand.
    Status start(grpc::CallbackServerContext* ctx, std::string requestId, Report report, Done done);

    // Waits for the thread of the last rebuild to end.
    void join();

private:
    Status run(grpc::CallbackServerContext* ctx, const std::string& requestId, const Report& report);

    SearchStore& m_store;
    std::shared_ptr<rpc::Peer> m_users;
    std::shared_ptr<rpc::Peer> m_posts;
    std::mutex m_startMutex;
    std::atomic<bool> m_running{false};
    std::thread m_thread;
};

}  // namespace devcoll::search
