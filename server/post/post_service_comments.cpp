// PostService's comment calls: CreateComment, ListComments, GetComment, DeleteComment.
#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/rpc/paging.h"
#include "post/post_service.h"

namespace devcoll::post {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::size_t kMaxCommentBody = 2'000;
constexpr auto kMaxClockSkew = std::chrono::minutes(5);

}  // namespace

grpc::ServerUnaryReactor* PostService::CreateComment(Ctx* ctx, const v1::CreateCommentRequest* req,
                                                     v1::CreateCommentResponse* resp) {
    return m_rt.unary(ctx, "post.CreateComment", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        std::string id = req->comment_id();
        if (id.empty()) {
            id = newUuidV7();
        } else {
            DEVCOLL_CHECK(checkUuidV7("comment_id", id));
            if (*uuidV7Time(id) > std::chrono::system_clock::now() + kMaxClockSkew) {
                return invalidArgument("comment_id", "is dated in the future; check the device's clock");
            }
        }
        DEVCOLL_CHECK(checkUuidV7("post_id", req->post_id()));
        if (!req->parent_comment_id().empty()) {
            DEVCOLL_CHECK(checkUuidV7("parent_comment_id", req->parent_comment_id()));
        }
        DEVCOLL_CHECK(checkText("body", req->body(), 1, kMaxCommentBody, true));
        DEVCOLL_TRY(Comment comment, m_comments.create(id, req->post_id(), req->parent_comment_id(),
                                                       call.caller().userId, req->body(), call.requestId));
        *resp->mutable_comment() = std::move(comment);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::ListComments(Ctx* ctx, const v1::ListCommentsRequest* req,
                                                    v1::ListCommentsResponse* resp) {
    return m_rt.unary(ctx, "post.ListComments", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUuidV7("post_id", req->post_id()));
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), "comments", req->post_id(), 2));
        std::optional<PostCursor> after;
        if (parts) {
            DEVCOLL_TRY(const std::int64_t at, rpc::cursorInteger((*parts)[0]));
            after = PostCursor{at, (*parts)[1]};
        }
        DEVCOLL_TRY(CommentPage page, m_comments.page(req->post_id(), call.caller().userId, after, pageSize));
        for (auto& c : page.comments) *resp->add_comments() = std::move(c);
        if (page.next) {
            resp->set_next_page_token(rpc::sealCursor(m_pageTokens, "comments", req->post_id(),
                                                      {std::to_string(page.next->createdAt), page.next->id}));
        }
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::GetComment(Ctx* ctx, const v1::GetCommentRequest* req,
                                                  v1::GetCommentResponse* resp) {
    return m_rt.unary(ctx, "post.GetComment", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUuidV7("comment_id", req->comment_id()));
        DEVCOLL_TRY(auto comment, m_comments.get(req->comment_id(), call.caller().userId, call.mayModerate()));
        *resp->mutable_comment() = std::move(comment);
        return {};
    });
}

grpc::ServerUnaryReactor* PostService::DeleteComment(Ctx* ctx, const v1::DeleteCommentRequest* req,
                                                     v1::DeleteCommentResponse*) {
    return m_rt.unary(ctx, "post.DeleteComment", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkUuidV7("comment_id", req->comment_id()));
        return m_comments.remove(req->comment_id(), call.caller().userId, call.requestId);
    });
}

}  // namespace devcoll::post
