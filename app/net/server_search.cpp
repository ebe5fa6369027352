#include "net/server_search.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

#include "devcoll/search/v1/search.grpc.pb.h"
#include "net/call_error.h"

namespace devcoll::app {

namespace {

namespace sv1 = devcoll::search::v1;
using google::protobuf::util::TimeUtil;

constexpr auto kSearchTimeout = std::chrono::seconds(5);

ProfileRow profileFrom(const sv1::UserSummary& u) {
    ProfileRow p;
    p.id = QString::fromStdString(u.id());
    p.username = QString::fromStdString(u.username());
    p.displayName = QString::fromStdString(u.display_name());
    p.avatarMediaId = QString::fromStdString(u.avatar_media_id());
    return p;
}

PostRow postFrom(const sv1::PostHit& hit) {
    PostRow p;
    p.id = QString::fromStdString(hit.post().id());
    p.authorId = QString::fromStdString(hit.post().author_id());
    p.authorUsername = QString::fromStdString(hit.author().username());
    p.authorDisplayName = QString::fromStdString(hit.author().display_name());
    p.body = QString::fromStdString(hit.snippet().text());
    for (const std::string& m : hit.post().media_ids()) p.mediaIds.append(QString::fromStdString(m));
    p.createdAt = TimeUtil::TimestampToMicroseconds(hit.post().created_at());
    p.updatedAt = TimeUtil::TimestampToMicroseconds(hit.post().updated_at());
    p.version = hit.post().version();
    return p;
}

}  // namespace

Result<ServerSearchResults> searchServer(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                         const QString& query, int limit) {
    auto stub = sv1::SearchService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kSearchTimeout);
    if (!accessToken.empty()) context.AddMetadata("authorization", "Bearer " + accessToken);
    sv1::SearchAllRequest request;
    request.set_query(query.toStdString());
    request.set_users_limit(limit);
    request.set_posts_limit(limit);
    sv1::SearchAllResponse response;
    const grpc::Status status = stub->SearchAll(&context, request, &response);
    if (!status.ok()) return errorOf(status, &context);
    ServerSearchResults results;
    for (const sv1::UserHit& hit : response.users()) results.profiles.append(profileFrom(hit.user()));
    for (const sv1::PostHit& hit : response.posts()) results.posts.append(postFrom(hit));
    return results;
}

}  // namespace devcoll::app
