#pragma once
// Search on the server, for what the replica does not hold: everyone's public profiles and
// posts. One SearchAll call with a short deadline (search is as-you-type: a slow answer is a
// stale one); it blocks, so the caller runs it off the GUI thread.
#include <grpcpp/grpcpp.h>

#include <QList>
#include <QString>

#include <memory>
#include <string>

#include "devcoll/result.h"
#include "store/replica_reads.h"

namespace devcoll::app {

struct ServerSearchResults final {
    QList<ProfileRow> profiles;
    QList<PostRow> posts;  // body: the server's snippet of the post
};

Result<ServerSearchResults> searchServer(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                         const QString& query, int limit);

}  // namespace devcoll::app
