#pragma once
// What the profile page asks the server for, beyond the replica: a profile the replica does
// not hold, the server's follower counts, and the first page of followers and following.
// These block: the caller runs them off the GUI thread.
#include <grpcpp/grpcpp.h>

#include <QList>
#include <QString>

#include <memory>
#include <string>

#include "devcoll/result.h"
#include "store/replica_reads.h"

namespace devcoll::app {

struct ServerProfile final {
    ProfileCard card;             // counts and followedByMe as the server has them
    QList<ProfileRow> followers;  // the newest, up to a page
    QList<ProfileRow> following;
};

// The id of the account called `username` (any case); NotFound when there is none.
Result<QString> fetchUserIdByUsername(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                      const QString& username);

Result<ServerProfile> fetchProfile(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                   const QString& userId, int pageSize);

}  // namespace devcoll::app
