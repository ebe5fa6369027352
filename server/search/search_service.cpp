#include "search/search_service.h"

#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/rpc/paging.h"
#include "search/reindex_reactor.h"

namespace devcoll::search {
namespace {

using rpc::Access;
using rpc::CallContext;

// Results are ranked, so pages are positions in the ranking; deep pages are not for people.
constexpr int kMaxOffset = 1000;
constexpr int kDefaultAllUsers = 5;
constexpr int kDefaultAllPosts = 10;
constexpr int kMaxAll = 50;

Error nothingToSearch() {
    return invalidArgument("query", "asks for nothing: give a word, a \"phrase\", from:username or #tag");
}

// A page token names its list, the caller and the whole request, so it pages nothing else.
std::string scopeOf(const std::string& caller, const std::string& request) {
    return caller + ":" + std::to_string(std::hash<std::string>{}(request));
}

Result<int> offsetFrom(const security::PageTokens& tokens, const std::string& token, std::string_view list,
                       const std::string& scope) {
    DEVCOLL_TRY(auto parts, rpc::openCursor(tokens, token, list, scope, 1));
    if (!parts) return 0;
    DEVCOLL_TRY(const std::int64_t offset, rpc::cursorInteger((*parts)[0]));
    return static_cast<int>(offset);
}

Result<int> limitOf(std::string_view field, int requested, int fallback) {
    if (requested == 0) return fallback;
    if (requested < 0 || requested > kMaxAll) {
        return invalidArgument(std::string(field), "must be between 1 and " + std::to_string(kMaxAll));
    }
    return requested;
}

v1::PostHit hitOf(PostMatch&& match, const SearchQuery& query) {
    v1::PostHit hit;
    const Highlighted excerpt = snippet(match.body, query);
    hit.mutable_snippet()->set_text(excerpt.text);
    for (const auto& [begin, end] : excerpt.highlights) {
        auto* h = hit.mutable_snippet()->add_highlights();
        h->set_start(static_cast<int>(begin));
        h->set_end(static_cast<int>(end));
    }
    *hit.mutable_post() = std::move(match.post);
    *hit.mutable_author() = std::move(match.author);
    hit.set_score(match.score);
    return hit;
}

}  // namespace

grpc::ServerUnaryReactor* SearchService::SearchUsers(Ctx* ctx, const v1::SearchUsersRequest* req,
                                                     v1::SearchUsersResponse* resp) {
    return m_rt.unary(ctx, "search.SearchUsers", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_TRY(SearchQuery query, parseQuery("query", req->query()));
        if (query.required.empty()) return nothingToSearch();
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        const std::string scope = scopeOf(call.caller().userId, req->query());
        DEVCOLL_TRY(const int offset, offsetFrom(m_pageTokens, req->page_token(), "search-users", scope));
        DEVCOLL_TRY(auto hits, m_store.users(query, asciiLower(req->query()), pageSize + 1, offset));
        const bool more = hits.size() > static_cast<std::size_t>(pageSize) && offset + pageSize < kMaxOffset;
        if (hits.size() > static_cast<std::size_t>(pageSize)) hits.resize(static_cast<std::size_t>(pageSize));
        for (auto& h : hits) *resp->add_hits() = std::move(h);
        if (more)
            resp->set_next_page_token(
                rpc::sealCursor(m_pageTokens, "search-users", scope, {std::to_string(offset + pageSize)}));
        return {};
    });
}

grpc::ServerUnaryReactor* SearchService::SearchPosts(Ctx* ctx, const v1::SearchPostsRequest* req,
                                                     v1::SearchPostsResponse* resp) {
    return m_rt.unary(ctx, "search.SearchPosts", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_TRY(SearchQuery query, parseQuery("query", req->query()));
        PostFilter filter;
        if (!req->author_id().empty()) {
            DEVCOLL_CHECK(checkUuidV7("author_id", req->author_id()));
            filter.authorId = req->author_id();
        }
        if (req->has_since()) filter.since = fromTimestamp(req->since());
        if (req->has_until()) filter.until = fromTimestamp(req->until());
        if (req->has_since() && req->has_until() && filter.since >= filter.until) {
            return invalidArgument("until", "must be after since");
        }
        if (req->has_has_media()) filter.hasMedia = req->has_media() ? 1 : 0;
        const bool filtered = !filter.authorId.empty() || req->has_since() || req->has_until() || req->has_has_media();
        const bool asksSomething = !query.required.empty() || !query.tags.empty() || !query.fromUsernames.empty();
        if (!asksSomething && (!filtered || !query.excluded.empty())) return nothingToSearch();

        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        const std::string scope = scopeOf(
            call.caller().userId, req->query() + "|" + req->author_id() + "|" + std::to_string(filter.since) + "|" +
                                      std::to_string(filter.until) + "|" + std::to_string(filter.hasMedia));
        DEVCOLL_TRY(const int offset, offsetFrom(m_pageTokens, req->page_token(), "search-posts", scope));
        DEVCOLL_TRY(auto matches, m_store.posts(query, call.caller().userId, filter, pageSize + 1, offset));
        const bool more = matches.size() > static_cast<std::size_t>(pageSize) && offset + pageSize < kMaxOffset;
        if (matches.size() > static_cast<std::size_t>(pageSize)) matches.resize(static_cast<std::size_t>(pageSize));
        for (auto& m : matches) *resp->add_hits() = hitOf(std::move(m), query);
        if (more)
            resp->set_next_page_token(
                rpc::sealCursor(m_pageTokens, "search-posts", scope, {std::to_string(offset + pageSize)}));
        return {};
    });
}

grpc::ServerUnaryReactor* SearchService::SearchAll(Ctx* ctx, const v1::SearchAllRequest* req,
                                                   v1::SearchAllResponse* resp) {
    return m_rt.unary(ctx, "search.SearchAll", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_TRY(SearchQuery query, parseQuery("query", req->query()));
        if (query.required.empty() && query.tags.empty() && query.fromUsernames.empty()) return nothingToSearch();
        DEVCOLL_TRY(const int usersLimit, limitOf("users_limit", req->users_limit(), kDefaultAllUsers));
        DEVCOLL_TRY(const int postsLimit, limitOf("posts_limit", req->posts_limit(), kDefaultAllPosts));
        if (!query.required.empty()) {
            DEVCOLL_TRY(auto users, m_store.users(query, asciiLower(req->query()), usersLimit, 0));
            for (auto& u : users) *resp->add_users() = std::move(u);
        }
        DEVCOLL_TRY(auto posts, m_store.posts(query, call.caller().userId, PostFilter{}, postsLimit, 0));
        for (auto& m : posts) *resp->add_posts() = hitOf(std::move(m), query);
        return {};
    });
}

grpc::ServerWriteReactor<v1::ReindexResponse>* SearchService::Reindex(Ctx* ctx, const v1::ReindexRequest*) {
    return new ReindexReactor(ctx, m_rt, m_rebuild);
}

}  // namespace devcoll::search
