#include "notification/facts_backfill.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "devcoll/ids.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "platform/events/event_payloads.h"

namespace devcoll::notification {
namespace {

namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

constexpr int kPageSize = 500;
constexpr auto kCallTimeout = std::chrono::seconds(30);
constexpr auto kFirstRetry = std::chrono::milliseconds(500);
constexpr auto kMaxRetry = std::chrono::seconds(60);

}  // namespace

void FactsBackfill::start() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable()) return;
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void FactsBackfill::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

bool FactsBackfill::pause(std::chrono::milliseconds delay) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, delay, [this] { return m_stopping; });
    return !m_stopping;
}

bool FactsBackfill::stopping() {
    std::lock_guard lock(m_mutex);
    return m_stopping;
}

void FactsBackfill::run() {
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstRetry);
    for (;;) {
        const Result<bool> done = m_store.backfilled();
        if (done.ok() && *done) return;
        const Status outcome = done.ok() ? backfill() : Status(done.error());
        if (outcome.ok()) return;
        if (stopping()) return;
        spdlog::warn("notification: reading what existed before notifications failed ({}); trying again in {} ms",
                     outcome.error().message, delay.count());
        if (!pause(delay)) return;
        delay = std::min<std::chrono::milliseconds>(delay * 2, kMaxRetry);
    }
}

Status FactsBackfill::backfill() {
    DEVCOLL_TRY(const auto token,
                m_tokens.sign("notification-backfill", "backfill-" + newUuidV7(), {std::string(security::kAdminRole)}));
    const auto users = uv1::UserService::NewStub(m_users->channel());
    const auto posts = pv1::PostService::NewStub(m_posts->channel());
    // Every page of one ListAll* call of `peer`: `call` asks for a page, `items` are its
    // entries, each converted by `payload` (nothing: left out) and kept by `save`.
    const auto walk = [&]<typename Request, typename Response>(const char* what, rpc::Peer& peer, auto call, auto items,
                                                               auto payload, auto save) -> Status {
        Request request;
        request.set_page_size(kPageSize);
        std::int64_t count = 0;
        do {
            if (stopping()) return makeError(ErrorCode::Aborted, "stopped");
            Response response;
            grpc::ClientContext context;
            context.AddMetadata("authorization", "Bearer " + token.token);
            context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
            const grpc::Status status = peer.call([&] { return call(&context, request, &response); });
            if (!status.ok()) return rpc::peerError(peer.name() + " service", status);
            std::vector<std::decay_t<decltype(*payload(*items(response).begin()))>> page;
            for (const auto& item : items(response)) {
                if (auto converted = payload(item)) page.push_back(std::move(*converted));
            }
            DEVCOLL_CHECK(save(page));
            count += items(response).size();
            request.set_page_token(response.next_page_token());
        } while (!request.page_token().empty());
        spdlog::info("notification: read {} {} that existed before notifications", count, what);
        return {};
    };
    DEVCOLL_CHECK((walk.template operator()<uv1::ListAllUsersRequest, uv1::ListAllUsersResponse>(
        "accounts", *m_users, [&](auto* c, const auto& req, auto* resp) { return users->ListAllUsers(c, req, resp); },
        [](const auto& resp) -> const auto& { return resp.users(); },
        [](const uv1::UserProfile& u) { return std::optional(events::profilePayload(u)); },
        [&](const auto& page) { return m_store.saveProfiles(page); })));
    DEVCOLL_CHECK((walk.template operator()<uv1::ListAllFollowsRequest, uv1::ListAllFollowsResponse>(
        "follows", *m_users, [&](auto* c, const auto& req, auto* resp) { return users->ListAllFollows(c, req, resp); },
        [](const auto& resp) -> const auto& { return resp.follows(); },
        [](const uv1::FollowEdge& f) { return std::optional(events::followPayload(f)); },
        [&](const auto& page) { return m_store.saveFollows(page); })));
    DEVCOLL_CHECK((walk.template operator()<pv1::ListAllPostsRequest, pv1::ListAllPostsResponse>(
        "posts", *m_posts, [&](auto* c, const auto& req, auto* resp) { return posts->ListAllPosts(c, req, resp); },
        [](const auto& resp) -> const auto& { return resp.posts(); },
        [](const pv1::Post& p) {
            // A deleted post is a tombstone: nothing can mention anyone in it any more.
            return p.deleted() ? std::nullopt : std::optional(events::postPayload(p));
        },
        [&](const auto& page) { return m_store.savePosts(page); })));
    return m_store.markBackfilled();
}

}  // namespace devcoll::notification
