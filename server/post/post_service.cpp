#include "post/post_service.h"

#include <set>

#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/rpc/paging.h"

namespace devcoll::post {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::size_t kMaxBody = 10'000;
constexpr int kMaxMedia = 4;
// Client clocks drift; an id further ahead than this is refused as malformed.
constexpr auto kMaxClockSkew = std::chrono::minutes(5);

Status checkPostId(const std::string& id) { return checkUuidV7("post_id", id); }

Status checkBody(std::string_view field, const std::string& body) { return checkText(field, body, 1, kMaxBody, true); }

template <typename Ids>
Result<std::vector<std::string>> mediaIdsOf(std::string_view field, const Ids& ids) {
    if (ids.size() > kMaxMedia) return invalidArgument(std::string(field), "at most 4 media per post");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& id : ids) {
        DEVCOLL_CHECK(checkUuidV7(field, id));
        if (!seen.insert(id).second) return invalidArgument(std::string(field), "lists " + id + " twice");
        out.push_back(id);
    }
    return out;
}

Result<int> visibilityOf(std::string_view field, int visibility) {
    if (visibility == v1::VISIBILITY_UNSPECIFIED) return static_cast<int>(v1::VISIBILITY_PUBLIC);
    if (visibility != v1::VISIBILITY_PUBLIC && visibility != v1::VISIBILITY_FOLLOWERS) {
        return invalidArgument(std::string(field), "must be VISIBILITY_PUBLIC or VISIBILITY_FOLLOWERS");
    }
    return visibility;
}

}  // namespace

grpc::ServerUnaryReactor* PostService::CreatePost(Ctx* ctx, const v1::CreatePostRequest* req,
                                                  v1::CreatePostResponse* resp) {
    return m_rt.unary(ctx, "post.CreatePost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        std::string id = req->post_id();
        if (id.empty()) {
            id = newUuidV7();
        } else {
            DEVCOLL_CHECK(checkPostId(id));
            if (*uuidV7Time(id) > std::chrono::system_clock::now() + kMaxClockSkew) {
                return invalidArgument("post_id", "is dated in the future; check the device's clock");
            }
        }
        DEVCOLL_CHECK(checkBody("body", req->body()));
        PostContent content;
        content.body = req->body();
        DEVCOLL_TRY(content.mediaIds, mediaIdsOf("media_ids", req->media_ids()));
        DEVCOLL_TRY(content.visibility, visibilityOf("visibility", req->visibility()));
        DEVCOLL_CHECK(m_ownedMedia.check(ctx, call, "media_ids", content.mediaIds));
        DEVCOLL_TRY(Post post, m_store.create(id, call.caller().userId, content, call.requestId));
        *resp->mutable_post() = std::move(post);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::GetPost(Ctx* ctx, const v1::GetPostRequest* req, v1::GetPostResponse* resp) {
    return m_rt.unary(ctx, "post.GetPost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkPostId(req->post_id()));
        DEVCOLL_TRY(Post post, m_store.get(req->post_id(), call.caller().userId, call.mayModerate()));
        *resp->mutable_post() = std::move(post);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::UpdatePost(Ctx* ctx, const v1::UpdatePostRequest* req,
                                                  v1::UpdatePostResponse* resp) {
    return m_rt.unary(ctx, "post.UpdatePost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        const auto& given = req->post();
        DEVCOLL_CHECK(checkUuidV7("post.id", given.id()));
        if (req->update_mask().paths_size() == 0) {
            return invalidArgument("update_mask", "must name the fields to change (body, media_ids, visibility)");
        }
        if (req->expected_version() <= 0) {
            return invalidArgument("expected_version", "must be the post's current version (1 or more)");
        }
        // Start from the content as it is; the store refuses the edit if it changed meanwhile.
        DEVCOLL_TRY(Post current, m_store.get(given.id(), call.caller().userId));
        PostContent content{
            current.body(), {current.media_ids().begin(), current.media_ids().end()}, current.visibility()};
        for (const std::string& path : req->update_mask().paths()) {
            if (path == "body") {
                DEVCOLL_CHECK(checkBody("post.body", given.body()));
                content.body = given.body();
            } else if (path == "media_ids") {
                DEVCOLL_TRY(content.mediaIds, mediaIdsOf("post.media_ids", given.media_ids()));
                DEVCOLL_CHECK(m_ownedMedia.check(ctx, call, "post.media_ids", content.mediaIds));
            } else if (path == "visibility") {
                DEVCOLL_TRY(content.visibility, visibilityOf("post.visibility", given.visibility()));
            } else {
                return invalidArgument("update_mask",
                                       "'" + path + "' cannot be changed (allowed: body, media_ids, visibility)");
            }
        }
        DEVCOLL_TRY(Post updated,
                    m_store.update(given.id(), call.caller().userId, req->expected_version(), content, call.requestId));
        *resp->mutable_post() = std::move(updated);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::DeletePost(Ctx* ctx, const v1::DeletePostRequest* req,
                                                  v1::DeletePostResponse* resp) {
    return m_rt.unary(ctx, "post.DeletePost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkPostId(req->post_id()));
        DEVCOLL_TRY(Post tombstone, m_store.remove(req->post_id(), call.caller().userId, call.requestId));
        *resp->mutable_post() = std::move(tombstone);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::ListPostRevisions(Ctx* ctx, const v1::ListPostRevisionsRequest* req,
                                                         v1::ListPostRevisionsResponse* resp) {
    return m_rt.unary(
        ctx, "post.ListPostRevisions", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            DEVCOLL_CHECK(checkPostId(req->post_id()));
            DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
            DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), "revisions", req->post_id(), 1));
            std::optional<std::int64_t> below;
            if (parts) {
                DEVCOLL_TRY(below, rpc::cursorInteger((*parts)[0]));
            }
            DEVCOLL_TRY(RevisionPage page, m_store.revisions(req->post_id(), call.caller().userId, below, pageSize));
            for (auto& r : page.revisions) *resp->add_revisions() = std::move(r);
            if (page.nextBelowVersion) {
                resp->set_next_page_token(rpc::sealCursor(m_pageTokens, "revisions", req->post_id(),
                                                          {std::to_string(*page.nextBelowVersion)}));
            }
            return {};
        });
}

grpc::ServerUnaryReactor* PostService::ListUserPosts(Ctx* ctx, const v1::ListUserPostsRequest* req,
                                                     v1::ListUserPostsResponse* resp) {
    return m_rt.unary(ctx, "post.ListUserPosts", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUuidV7("user_id", req->user_id()));
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), "user-posts", req->user_id(), 2));
        std::optional<PostCursor> after;
        if (parts) {
            DEVCOLL_TRY(const std::int64_t createdAt, rpc::cursorInteger((*parts)[0]));
            after = PostCursor{createdAt, (*parts)[1]};
        }
        DEVCOLL_TRY(PostPage page, m_store.byAuthor(req->user_id(), call.caller().userId, after, pageSize));
        for (auto& p : page.posts) *resp->add_posts() = std::move(p);
        if (page.next) {
            resp->set_next_page_token(rpc::sealCursor(m_pageTokens, "user-posts", req->user_id(),
                                                      {std::to_string(page.next->createdAt), page.next->id}));
        }
        return {};
    });
}

// Feed tokens. A page token holds the position and the lower mark it pages towards
// ("feed": createdAt, id, markCreatedAt, markId); a refresh token holds the top of what the
// client has ("feed-top": createdAt, id). Both are bound to the caller.
grpc::ServerUnaryReactor* PostService::GetFeed(Ctx* ctx, const v1::GetFeedRequest* req, v1::GetFeedResponse* resp) {
    return m_rt.unary(ctx, "post.GetFeed", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        const std::string& me = call.caller().userId;
        if (!req->page_token().empty() && !req->newer_than_token().empty()) {
            return invalidArgument("newer_than_token", "cannot be combined with page_token");
        }
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        std::optional<PostCursor> below;
        std::optional<PostCursor> mark;
        DEVCOLL_TRY(auto down, rpc::openCursor(m_pageTokens, req->page_token(), "feed", me, 4));
        if (down) {
            DEVCOLL_TRY(const std::int64_t at, rpc::cursorInteger((*down)[0]));
            DEVCOLL_TRY(const std::int64_t markAt, rpc::cursorInteger((*down)[2]));
            below = PostCursor{at, (*down)[1]};
            mark = PostCursor{markAt, (*down)[3]};
        }
        auto top = rpc::openCursor(m_pageTokens, req->newer_than_token(), "feed-top", me, 2);
        if (!top.ok()) return invalidArgument("newer_than_token", "is not a feed mark this server issued");
        if (*top) {
            DEVCOLL_TRY(const std::int64_t at, rpc::cursorInteger((**top)[0]));
            mark = PostCursor{at, (**top)[1]};
        }
        DEVCOLL_TRY(PostPage page, m_store.feed(me, below, mark, pageSize));
        const PostCursor lower = mark.value_or(PostCursor{-1, ""});
        if (page.next) {
            resp->set_next_page_token(rpc::sealCursor(
                m_pageTokens, "feed", me,
                {std::to_string(page.next->createdAt), page.next->id, std::to_string(lower.createdAt), lower.id}));
        }
        // A first page or a refresh tells the client where the top now is.
        if (!down) {
            const PostCursor newTop = page.posts.empty() ? lower
                                                         : PostCursor{fromTimestamp(page.posts.front().created_at()),
                                                                      page.posts.front().id()};
            resp->set_newer_page_token(
                rpc::sealCursor(m_pageTokens, "feed-top", me, {std::to_string(newTop.createdAt), newTop.id}));
        }
        for (auto& p : page.posts) *resp->add_posts() = std::move(p);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::LikePost(Ctx* ctx, const v1::LikePostRequest* req, v1::LikePostResponse* resp) {
    return m_rt.unary(ctx, "post.LikePost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkPostId(req->post_id()));
        DEVCOLL_TRY(Post post, m_store.like(req->post_id(), call.caller().userId, true, call.requestId));
        *resp->mutable_post() = std::move(post);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::UnlikePost(Ctx* ctx, const v1::UnlikePostRequest* req,
                                                  v1::UnlikePostResponse* resp) {
    return m_rt.unary(ctx, "post.UnlikePost", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkPostId(req->post_id()));
        DEVCOLL_TRY(Post post, m_store.like(req->post_id(), call.caller().userId, false, call.requestId));
        *resp->mutable_post() = std::move(post);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::ListPostLikes(Ctx* ctx, const v1::ListPostLikesRequest* req,
                                                     v1::ListPostLikesResponse* resp) {
    return m_rt.unary(ctx, "post.ListPostLikes", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkPostId(req->post_id()));
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), "likes", req->post_id(), 2));
        std::optional<PostCursor> after;
        if (parts) {
            DEVCOLL_TRY(const std::int64_t at, rpc::cursorInteger((*parts)[0]));
            after = PostCursor{at, (*parts)[1]};
        }
        DEVCOLL_TRY(LikePage page, m_store.likes(req->post_id(), call.caller().userId, after, pageSize));
        for (auto& id : page.userIds) resp->add_user_ids(std::move(id));
        if (page.next) {
            resp->set_next_page_token(rpc::sealCursor(m_pageTokens, "likes", req->post_id(),
                                                      {std::to_string(page.next->createdAt), page.next->id}));
        }
        return {};
    });
}

}  // namespace devcoll::post
