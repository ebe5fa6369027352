#include "search/index_rebuild.h"

#include <spdlog/spdlog.h>

#include <system_error>

#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "platform/events/event_payloads.h"

namespace devcoll::search {
namespace {

namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

// Big enough to keep round trips few, small enough that the event consumer, which writes to
// the same database, waits for one page's transaction only briefly.
constexpr int kPageSize = 500;

v1::ReindexResponse progress(v1::ReindexPhase phase, std::int64_t done, std::int64_t total) {
    v1::ReindexResponse r;
    r.set_phase(phase);
    r.set_done(done);
    r.set_total(total);
    return r;
}

// Pages through one ListAll* call, handing each page's items, converted, to `refresh`.
template <typename Request, typename Response, typename Call, typename Items, typename Convert, typename Refresh>
Status pageThrough(grpc::CallbackServerContext* ctx, const std::string& requestId, const char* what,
                   v1::ReindexPhase phase, const IndexRebuild::Report& report, Call call, Items items, Convert convert,
                   Refresh refresh) {
    Request request;
    request.set_page_size(kPageSize);
    std::int64_t done = 0;
    std::int64_t total = 0;
    report(progress(phase, 0, 0));
    do {
        if (ctx->IsCancelled()) return makeError(ErrorCode::Aborted, "reindex cancelled; the index stays usable");
        Response response;
        auto client = rpc::onBehalfOf(ctx, requestId);
        const grpc::Status status = call(client.get(), request, &response);
        if (!status.ok()) return rpc::peerError(what, status);
        if (request.page_token().empty()) total = response.total_size();
        std::vector<decltype(convert(*items(response).begin()))> converted;
        converted.reserve(static_cast<std::size_t>(items(response).size()));
        for (const auto& item : items(response)) converted.push_back(convert(item));
        DEVCOLL_CHECK(refresh(converted));
        done += static_cast<std::int64_t>(converted.size());
        report(progress(phase, done, total));
        request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return {};
}

}  // namespace

Status IndexRebuild::start(grpc::CallbackServerContext* ctx, std::string requestId, Report report, Done done) {
    std::lock_guard lock(m_startMutex);
    if (m_running) return makeError(ErrorCode::Aborted, "a reindex is already running; wait for it to finish");
    if (m_thread.joinable()) m_thread.join();  // the last rebuild's thread, ended or about to
    m_running = true;
    try {
        m_thread = std::thread(
            [this, ctx, requestId = std::move(requestId), report = std::move(report), done = std::move(done)] {
                const Status outcome = run(ctx, requestId, report);
                if (!outcome.ok()) spdlog::warn("reindex {} stopped: {}", requestId, outcome.error().message);
                m_running = false;
                done(outcome);
            });
    } catch (const std::system_error& e) {
        m_running = false;
        return makeError(ErrorCode::Unavailable, std::string("cannot start a reindex thread: ") + e.what());
    }
    return {};
}

void IndexRebuild::join() {
    std::lock_guard lock(m_startMutex);
    if (m_thread.joinable()) m_thread.join();
}

Status IndexRebuild::run(grpc::CallbackServerContext* ctx, const std::string& requestId, const Report& report) {
    const auto users = uv1::UserService::NewStub(m_users->channel());
    const auto posts = pv1::PostService::NewStub(m_posts->channel());
    DEVCOLL_TRY(const std::int64_t generation, m_store.beginRebuild());
    spdlog::info("reindex {}: rebuilding the search index as generation {}", requestId, generation);

    DEVCOLL_CHECK((pageThrough<uv1::ListAllUsersRequest, uv1::ListAllUsersResponse>(
        ctx, requestId, "user service", v1::REINDEX_PHASE_USERS, report,
        [&](grpc::ClientContext* c, const auto& req, auto* resp) {
            return m_users->call([&] { return users->ListAllUsers(c, req, resp); });
        },
        [](const auto& resp) -> const auto& { return resp.users(); }, events::profilePayload,
        [this](const auto& page) { return m_store.refreshUsers(page); })));
    DEVCOLL_CHECK((pageThrough<uv1::ListAllFollowsRequest, uv1::ListAllFollowsResponse>(
        ctx, requestId, "user service", v1::REINDEX_PHASE_FOLLOWS, report,
        [&](grpc::ClientContext* c, const auto& req, auto* resp) {
            return m_users->call([&] { return users->ListAllFollows(c, req, resp); });
        },
        [](const auto& resp) -> const auto& { return resp.follows(); }, events::followPayload,
        [this](const auto& page) { return m_store.refreshFollows(page); })));
    DEVCOLL_CHECK((pageThrough<pv1::ListAllPostsRequest, pv1::ListAllPostsResponse>(
        ctx, requestId, "post service", v1::REINDEX_PHASE_POSTS, report,
        [&](grpc::ClientContext* c, const auto& req, auto* resp) {
            return m_posts->call([&] { return posts->ListAllPosts(c, req, resp); });
        },
        [](const auto& resp) -> const auto& { return resp.posts(); }, events::postPayload,
        [this](const auto& page) { return m_store.refreshPosts(page); })));

    if (ctx->IsCancelled()) return makeError(ErrorCode::Aborted, "reindex cancelled; the index stays usable");
    report(progress(v1::REINDEX_PHASE_CLEANUP, 0, 0));
    DEVCOLL_TRY(const std::int64_t removed, m_store.finishRebuild(generation));
    spdlog::info("reindex {}: done, {} stale entries removed", requestId, removed);
    report(progress(v1::REINDEX_PHASE_DONE, removed, removed));
    return {};
}

}  // namespace devcoll::search
