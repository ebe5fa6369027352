// UserService's operator-only calls: every profile and every follow, paged in key order, for
// rebuilding what other services derive from them.
#include "platform/rpc/paging.h"
#include "user/user_service.h"

namespace devcoll::user {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::string_view kAllUsers = "all_users";
constexpr std::string_view kAllFollows = "all_follows";

}  // namespace

grpc::ServerUnaryReactor* UserService::ListAllUsers(Ctx* ctx, const v1::ListAllUsersRequest* req,
                                                    v1::ListAllUsersResponse* resp) {
    return m_rt.unary(ctx, "user.ListAllUsers", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(call.requireAdmin());
        DEVCOLL_TRY(const int pageSize,
                    rpc::pageSizeOf(req->page_size(), rpc::kDefaultBulkPageSize, rpc::kMaxBulkPageSize));
        DEVCOLL_TRY(auto after, rpc::openCursor(m_pageTokens, req->page_token(), kAllUsers, "", 1));
        if (!after) {
            DEVCOLL_TRY(const std::int64_t total, m_store.profileCount());
            resp->set_total_size(total);
        }
        // One more than asked tells whether another page exists.
        DEVCOLL_TRY(auto profiles, m_store.allProfiles(after ? (*after)[0] : "", pageSize + 1));
        const bool more = rpc::trimToPage(profiles, pageSize);
        for (auto& p : profiles) *resp->add_users() = std::move(p);
        if (more)
            resp->set_next_page_token(rpc::sealCursor(m_pageTokens, kAllUsers, "", {resp->users().rbegin()->id()}));
        return {};
    });
}

grpc::ServerUnaryReactor* UserService::ListAllFollows(Ctx* ctx, const v1::ListAllFollowsRequest* req,
                                                      v1::ListAllFollowsResponse* resp) {
    return m_rt.unary(ctx, "user.ListAllFollows", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(call.requireAdmin());
        DEVCOLL_TRY(const int pageSize,
                    rpc::pageSizeOf(req->page_size(), rpc::kDefaultBulkPageSize, rpc::kMaxBulkPageSize));
        DEVCOLL_TRY(auto after, rpc::openCursor(m_pageTokens, req->page_token(), kAllFollows, "", 2));
        if (!after) {
            DEVCOLL_TRY(const std::int64_t total, m_store.followCount());
            resp->set_total_size(total);
        }
        DEVCOLL_TRY(auto edges, after ? m_store.allFollows((*after)[0], (*after)[1], pageSize + 1)
                                      : m_store.allFollows("", "", pageSize + 1));
        const bool more = rpc::trimToPage(edges, pageSize);
        for (auto& e : edges) *resp->add_follows() = std::move(e);
        if (more) {
            const auto& last = *resp->follows().rbegin();
            resp->set_next_page_token(
                rpc::sealCursor(m_pageTokens, kAllFollows, "", {last.follower_id(), last.followee_id()}));
        }
        return {};
    });
}

}  // namespace devcoll::user
