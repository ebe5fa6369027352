// PostService's operator-only call: every post that is not deleted, paged in id order, for
// rebuilding what other services derive from them.
#include "platform/rpc/paging.h"
#include "post/post_service.h"

namespace devcoll::post {
namespace {

constexpr std::string_view kAllPosts = "all_posts";

}  // namespace

grpc::ServerUnaryReactor* PostService::ListAllPosts(Ctx* ctx, const v1::ListAllPostsRequest* req,
                                                    v1::ListAllPostsResponse* resp) {
    return m_rt.unary(
        ctx, "post.ListAllPosts", rpc::Access::Authenticated, [=, this](const rpc::CallContext& call) -> Status {
            DEVCOLL_CHECK(call.requireAdmin());
            DEVCOLL_TRY(const int pageSize,
                        rpc::pageSizeOf(req->page_size(), rpc::kDefaultBulkPageSize, rpc::kMaxBulkPageSize));
            DEVCOLL_TRY(auto after, rpc::openCursor(m_pageTokens, req->page_token(), kAllPosts, "", 1));
            if (!after) {
                DEVCOLL_TRY(const std::int64_t total, m_store.livePostCount());
                resp->set_total_size(total);
            }
            // One more than asked tells whether another page exists.
            DEVCOLL_TRY(auto posts, m_store.allPosts(after ? (*after)[0] : "", pageSize + 1));
            const bool more = rpc::trimToPage(posts, pageSize);
            for (auto& p : posts) *resp->add_posts() = std::move(p);
            if (more) {
                resp->set_next_page_token(rpc::sealCursor(m_pageTokens, kAllPosts, "", {resp->posts().rbegin()->id()}));
            }
            return {};
        });
}

}  // namespace devcoll::post
