#pragma once
// What the moderation view asks the server itself: the open reports (to cache in the replica,
// store/moderation_queue.h), and whether the signed-in account may moderate at all, read from
// the roles its access token carries. Both block: the caller runs them off the GUI thread.
#include <grpcpp/grpcpp.h>

#include <QList>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>

#include "devcoll/result.h"
#include "store/moderation_queue.h"

namespace devcoll::app {

// The open reports, oldest first, at most `limit`. PermissionDenied for an account that is
// not a moderator or an admin.
Result<QList<ReportRow>> fetchOpenReports(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                                          int limit);

// The roles in an access token's claims (a JWT); nothing when it cannot be read (no token:
// offline or signed out). Only for what the app shows: the server checks the token's signature
// and roles on every call.
std::optional<QStringList> rolesInAccessToken(const std::string& accessToken);
bool mayModerate(const QStringList& roles);

}  // namespace devcoll::app
