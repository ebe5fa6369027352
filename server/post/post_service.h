#pragma once
// PostService: the gRPC edge of devcoll.post.v1. Validation and error mapping here; data and
// visibility in PostStore, comments in CommentStore. Media ids are checked with the media
// service (OwnedMedia).
#include "devcoll/post/v1/post.grpc.pb.h"
#include "platform/rpc/owned_media.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"
#include "post/comment_store.h"
#include "post/post_store.h"

namespace devcoll::post {

namespace v1 = devcoll::post::v1;

class PostService final : public v1::PostService::CallbackService {
public:
    PostService(rpc::RpcRuntime& runtime, PostStore& store, CommentStore& comments,
                const security::PageTokens& pageTokens, std::shared_ptr<rpc::Peer> mediaPeer)
        : m_rt(runtime),
          m_store(store),
          m_comments(comments),
          m_pageTokens(pageTokens),
          m_ownedMedia(std::move(mediaPeer)) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* CreatePost(Ctx*, const v1::CreatePostRequest*, v1::CreatePostResponse*) override;
    Reactor* GetPost(Ctx*, const v1::GetPostRequest*, v1::GetPostResponse*) override;
    Reactor* UpdatePost(Ctx*, const v1::UpdatePostRequest*, v1::UpdatePostResponse*) override;
    Reactor* DeletePost(Ctx*, const v1::DeletePostRequest*, v1::DeletePostResponse*) override;
    Reactor* ListPostRevisions(Ctx*, const v1::ListPostRevisionsRequest*, v1::ListPostRevisionsResponse*) override;
    Reactor* ListUserPosts(Ctx*, const v1::ListUserPostsRequest*, v1::ListUserPostsResponse*) override;
    Reactor* GetFeed(Ctx*, const v1::GetFeedRequest*, v1::GetFeedResponse*) override;
    Reactor* LikePost(Ctx*, const v1::LikePostRequest*, v1::LikePostResponse*) override;
    Reactor* UnlikePost(Ctx*, const v1::UnlikePostRequest*, v1::UnlikePostResponse*) override;
    Reactor* ListPostLikes(Ctx*, const v1::ListPostLikesRequest*, v1::ListPostLikesResponse*) override;
    // In post_service_comments.cpp.
    Reactor* CreateComment(Ctx*, const v1::CreateCommentRequest*, v1::CreateCommentResponse*) override;
    Reactor* ListComments(Ctx*, const v1::ListCommentsRequest*, v1::ListCommentsResponse*) override;
    Reactor* GetComment(Ctx*, const v1::GetCommentRequest*, v1::GetCommentResponse*) override;
    Reactor* DeleteComment(Ctx*, const v1::DeleteCommentRequest*, v1::DeleteCommentResponse*) override;
    // Operators' bulk listing, in post_service_admin.cpp.
    Reactor* ListAllPosts(Ctx*, const v1::ListAllPostsRequest*, v1::ListAllPostsResponse*) override;

private:
    rpc::RpcRuntime& m_rt;
    PostStore& m_store;
    CommentStore& m_comments;
    const security::PageTokens& m_pageTokens;
    rpc::OwnedMedia m_ownedMedia;
};

}  // namespace devcoll::post
