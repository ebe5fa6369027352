#pragma once
// UserService: the gRPC edge of devcoll.user.v1 (profiles and the follow graph). Validation
// and error mapping here; data in UserStore. DeleteAccount asks auth, through its gRPC
// contract, to check the password again.
#include <memory>
#include <mutex>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "platform/rpc/owned_media.h"
#include "platform/rpc/peer.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"
#include "user/user_store.h"

namespace devcoll::user {

namespace v1 = devcoll::user::v1;

class UserService final : public v1::UserService::CallbackService {
public:
    UserService(rpc::RpcRuntime& runtime, UserStore& store, const security::PageTokens& pageTokens,
                std::shared_ptr<rpc::Peer> authPeer, std::shared_ptr<rpc::Peer> mediaPeer);

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* GetUser(Ctx*, const v1::GetUserRequest*, v1::GetUserResponse*) override;
    Reactor* GetUserByUsername(Ctx*, const v1::GetUserByUsernameRequest*, v1::GetUserByUsernameResponse*) override;
    Reactor* UpdateProfile(Ctx*, const v1::UpdateProfileRequest*, v1::UpdateProfileResponse*) override;
    Reactor* DeleteAccount(Ctx*, const v1::DeleteAccountRequest*, v1::DeleteAccountResponse*) override;
    Reactor* Follow(Ctx*, const v1::FollowRequest*, v1::FollowResponse*) override;
    Reactor* Unfollow(Ctx*, const v1::UnfollowRequest*, v1::UnfollowResponse*) override;
    Reactor* ListFollowers(Ctx*, const v1::ListFollowersRequest*, v1::ListFollowersResponse*) override;
    Reactor* ListFollowing(Ctx*, const v1::ListFollowingRequest*, v1::ListFollowingResponse*) override;
    // Operators' bulk listings, in user_service_admin.cpp.
    Reactor* ListAllUsers(Ctx*, const v1::ListAllUsersRequest*, v1::ListAllUsersResponse*) override;
    Reactor* ListAllFollows(Ctx*, const v1::ListAllFollowsRequest*, v1::ListAllFollowsResponse*) override;

private:
    template <typename Request, typename Response>
    Reactor* listFollows(Ctx* ctx, const char* method, UserStore::FollowList list, const Request* req, Response* resp);
    Status verifyPassword(grpc::CallbackServerContext* ctx, const rpc::CallContext& call, const std::string& password);

    rpc::RpcRuntime& m_rt;
    UserStore& m_store;
    const security::PageTokens& m_pageTokens;
    devcoll::auth::v1::AuthService::Stub& auth();

    std::shared_ptr<rpc::Peer> m_authPeer;
    std::once_flag m_authOnce;
    std::unique_ptr<devcoll::auth::v1::AuthService::Stub> m_auth;
    rpc::OwnedMedia m_ownedMedia;
};

}  // namespace devcoll::user
