#include "user/user_service.h"

#include "devcoll/validation.h"
#include "platform/rpc/paging.h"

namespace devcoll::user {
namespace {

using rpc::Access;
using rpc::CallContext;

Result<std::optional<FollowCursor>> cursorFrom(const security::PageTokens& tokens, const std::string& token,
                                               std::string_view list, const std::string& userId) {
    DEVCOLL_TRY(auto parts, rpc::openCursor(tokens, token, list, userId, 2));
    if (!parts) return std::optional<FollowCursor>{};
    DEVCOLL_TRY(const std::int64_t createdAt, rpc::cursorInteger((*parts)[0]));
    return std::optional<FollowCursor>(FollowCursor{createdAt, (*parts)[1]});
}

Status userIdRequired(const std::string& id) { return checkUuidV7("user_id", id); }

}  // namespace

UserService::UserService(rpc::RpcRuntime& runtime, UserStore& store, const security::PageTokens& pageTokens,
                         std::shared_ptr<rpc::Peer> authPeer, std::shared_ptr<rpc::Peer> mediaPeer)
    : m_rt(runtime),
      m_store(store),
      m_pageTokens(pageTokens),
      m_authPeer(std::move(authPeer)),
      m_ownedMedia(std::move(mediaPeer)) {}

devcoll::auth::v1::AuthService::Stub& UserService::auth() {
    std::call_once(m_authOnce, [this] { m_auth = devcoll::auth::v1::AuthService::NewStub(m_authPeer->channel()); });
    return *m_auth;
}

grpc::ServerUnaryReactor* UserService::GetUser(Ctx* ctx, const v1::GetUserRequest* req, v1::GetUserResponse* resp) {
    return m_rt.unary(ctx, "user.GetUser", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(userIdRequired(req->user_id()));
        DEVCOLL_TRY(auto found, m_store.byId(req->user_id(), call.caller().userId));
        if (!found) return makeError(ErrorCode::NotFound, "user_id: no such user");
        *resp->mutable_user() = std::move(*found);
        return {};
    });
}

grpc::ServerUnaryReactor* UserService::GetUserByUsername(Ctx* ctx, const v1::GetUserByUsernameRequest* req,
                                                         v1::GetUserByUsernameResponse* resp) {
    return m_rt.unary(ctx, "user.GetUserByUsername", Access::Authenticated,
                      [=, this](const CallContext& call) -> Status {
                          DEVCOLL_CHECK(checkUsername("username", req->username()));
                          DEVCOLL_TRY(auto found, m_store.byUsername(req->username(), call.caller().userId));
                          if (!found) return makeError(ErrorCode::NotFound, "username: no such user");
                          *resp->mutable_user() = std::move(*found);
                          return {};
                      });
}

grpc::ServerUnaryReactor* UserService::UpdateProfile(Ctx* ctx, const v1::UpdateProfileRequest* req,
                                                     v1::UpdateProfileResponse* resp) {
    return m_rt.unary(ctx, "user.UpdateProfile", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        const std::string& me = call.caller().userId;
        if (!req->profile().id().empty() && req->profile().id() != me) {
            return makeError(ErrorCode::PermissionDenied, "profile.id: you can only change your own profile");
        }
        if (req->update_mask().paths_size() == 0) {
            return invalidArgument("update_mask",
                                   "must name the fields to change (display_name, bio, avatar_media_id)");
        }
        if (req->expected_version() <= 0) {
            return invalidArgument("expected_version", "must be the profile's current version (1 or more)");
        }
        ProfileChange change;
        for (const std::string& path : req->update_mask().paths()) {
            if (path == "display_name") {
                DEVCOLL_CHECK(checkText("profile.display_name", req->profile().display_name(), 1, 64));
                change.displayName = req->profile().display_name();
            } else if (path == "bio") {
                DEVCOLL_CHECK(checkText("profile.bio", req->profile().bio(), 0, 500, true));
                change.bio = req->profile().bio();
            } else if (path == "avatar_media_id") {
                if (!req->profile().avatar_media_id().empty()) {
                    DEVCOLL_CHECK(checkUuidV7("profile.avatar_media_id", req->profile().avatar_media_id()));
                    DEVCOLL_CHECK(
                        m_ownedMedia.check(ctx, call, "profile.avatar_media_id", {req->profile().avatar_media_id()}));
                }
                change.avatarMediaId = req->profile().avatar_media_id();
            } else {
                return invalidArgument("update_mask", "'" + path +
                                                          "' cannot be changed (allowed: display_name, bio, "
                                                          "avatar_media_id)");
            }
        }
        DEVCOLL_TRY(Profile updated, m_store.update(me, req->expected_version(), change, call.requestId));
        *resp->mutable_user() = std::move(updated);
        return {};
    });
}

Status UserService::verifyPassword(grpc::CallbackServerContext* ctx, const CallContext& call,
                                   const std::string& password) {
    auto client = rpc::onBehalfOf(ctx, call.requestId);
    devcoll::auth::v1::VerifyPasswordRequest request;
    request.set_password(password);
    devcoll::auth::v1::VerifyPasswordResponse response;
    const grpc::Status status =
        m_authPeer->call([&] { return auth().VerifyPassword(client.get(), request, &response); });
    if (status.ok()) return {};
    switch (status.error_code()) {
        case grpc::StatusCode::PERMISSION_DENIED:
            return makeError(ErrorCode::PermissionDenied, "password: is wrong");
        case grpc::StatusCode::INVALID_ARGUMENT:
            return invalidArgument("password", status.error_message());
        case grpc::StatusCode::RESOURCE_EXHAUSTED:
            return makeError(ErrorCode::ResourceExhausted, status.error_message());
        case grpc::StatusCode::UNAUTHENTICATED:
            return makeError(ErrorCode::Unauthenticated, status.error_message());
        default:
            return makeError(ErrorCode::Unavailable, "cannot check the password now (auth service: " +
                                                         status.error_message() + "); retry later");
    }
}

grpc::ServerUnaryReactor* UserService::DeleteAccount(Ctx* ctx, const v1::DeleteAccountRequest* req,
                                                     v1::DeleteAccountResponse*) {
    return m_rt.unary(ctx, "user.DeleteAccount", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(checkText("password", req->password(), 1, 128));
        DEVCOLL_CHECK(verifyPassword(ctx, call, req->password()));
        return m_store.remove(call.caller().userId, call.requestId);
    });
}

grpc::ServerUnaryReactor* UserService::Follow(Ctx* ctx, const v1::FollowRequest* req, v1::FollowResponse* resp) {
    return m_rt.unary(ctx, "user.Follow", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(userIdRequired(req->user_id()));
        if (req->user_id() == call.caller().userId) return invalidArgument("user_id", "you cannot follow yourself");
        DEVCOLL_TRY(Profile followee, m_store.follow(call.caller().userId, req->user_id(), call.requestId));
        *resp->mutable_user() = std::move(followee);
        return {};
    });
}

grpc::ServerUnaryReactor* UserService::Unfollow(Ctx* ctx, const v1::UnfollowRequest* req, v1::UnfollowResponse* resp) {
    return m_rt.unary(ctx, "user.Unfollow", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(userIdRequired(req->user_id()));
        if (req->user_id() == call.caller().userId) return invalidArgument("user_id", "you cannot unfollow yourself");
        DEVCOLL_TRY(Profile followee, m_store.unfollow(call.caller().userId, req->user_id(), call.requestId));
        *resp->mutable_user() = std::move(followee);
        return {};
    });
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* UserService::listFollows(Ctx* ctx, const char* method, UserStore::FollowList list,
                                                   const Request* req, Response* resp) {
    const std::string_view listName = list == UserStore::FollowList::Followers ? "followers" : "following";
    return m_rt.unary(ctx, method, Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(userIdRequired(req->user_id()));
        DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
        DEVCOLL_TRY(auto after, cursorFrom(m_pageTokens, req->page_token(), listName, req->user_id()));
        DEVCOLL_TRY(FollowPage page, m_store.page(list, req->user_id(), call.caller().userId, after, pageSize));
        for (auto& p : page.users) *resp->add_users() = std::move(p);
        if (page.next) {
            resp->set_next_page_token(rpc::sealCursor(m_pageTokens, listName, req->user_id(),
                                                      {std::to_string(page.next->createdAt), page.next->userId}));
        }
        return {};
    });
}

grpc::ServerUnaryReactor* UserService::ListFollowers(Ctx* ctx, const v1::ListFollowersRequest* req,
                                                     v1::ListFollowersResponse* resp) {
    return listFollows(ctx, "user.ListFollowers", UserStore::FollowList::Followers, req, resp);
}

grpc::ServerUnaryReactor* UserService::ListFollowing(Ctx* ctx, const v1::ListFollowingRequest* req,
                                                     v1::ListFollowingResponse* resp) {
    return listFollows(ctx, "user.ListFollowing", UserStore::FollowList::Following, req, resp);
}

}  // namespace devcoll::user
