#include "net/server_profiles.h"

#include <chrono>

#include "devcoll/user/v1/user.grpc.pb.h"
#include "net/call_context.h"
#include "net/call_error.h"

namespace devcoll::app {

namespace {

namespace uv1 = devcoll::user::v1;

constexpr auto kTimeout = std::chrono::seconds(5);

ProfileRow rowOf(const uv1::UserProfile& u) {
    return ProfileRow{QString::fromStdString(u.id()),
                      QString::fromStdString(u.username()),
                      QString::fromStdString(u.display_name()),
                      QString::fromStdString(u.bio()),
                      QString::fromStdString(u.avatar_media_id()),
                      false};
}

}  // namespace

Result<QString> fetchUserIdByUsername(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                      const QString& username) {
    auto stub = uv1::UserService::NewStub(channel);
    uv1::GetUserByUsernameRequest request;
    request.set_username(username.toStdString());
    uv1::GetUserByUsernameResponse response;
    auto context = callContext(accessToken, kTimeout);
    const grpc::Status status = stub->GetUserByUsername(context.get(), request, &response);
    if (!status.ok()) return errorOf(status, context.get());
    return QString::fromStdString(response.user().id());
}

Result<ServerProfile> fetchProfile(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                   const QString& userId, int pageSize) {
    auto stub = uv1::UserService::NewStub(channel);
    ServerProfile result;
    {
        uv1::GetUserRequest request;
        request.set_user_id(userId.toStdString());
        uv1::GetUserResponse response;
        auto context = callContext(accessToken, kTimeout);
        const grpc::Status status = stub->GetUser(context.get(), request, &response);
        if (!status.ok()) return errorOf(status, context.get());
        result.card.profile = rowOf(response.user());
        result.card.followers = int(response.user().followers_count());
        result.card.following = int(response.user().following_count());
        result.card.followedByMe = response.user().followed_by_me();
    }
    {
        uv1::ListFollowersRequest request;
        request.set_user_id(userId.toStdString());
        request.set_page_size(pageSize);
        uv1::ListFollowersResponse response;
        auto context = callContext(accessToken, kTimeout);
        const grpc::Status status = stub->ListFollowers(context.get(), request, &response);
        if (!status.ok()) return errorOf(status, context.get());
        for (const uv1::UserProfile& u : response.users()) result.followers.append(rowOf(u));
    }
    {
        uv1::ListFollowingRequest request;
        request.set_user_id(userId.toStdString());
        request.set_page_size(pageSize);
        uv1::ListFollowingResponse response;
        auto context = callContext(accessToken, kTimeout);
        const grpc::Status status = stub->ListFollowing(context.get(), request, &response);
        if (!status.ok()) return errorOf(status, context.get());
        for (const uv1::UserProfile& u : response.users()) result.following.append(rowOf(u));
    }
    return result;
}

}  // namespace devcoll::app
