#pragma once
// The account's sessions on the server, one per signed-in device, for the settings' Sessions
// tab: list them, and revoke another device's (its tokens stop working at once). These block on
// the network: the caller runs them off the GUI thread.
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <string>

#include "devcoll/result.h"

namespace devcoll::app {

struct SessionRow final {
    QString id;
    QString deviceName;
    QString peer;  // the address it was opened from
    QDateTime createdAt;
    QDateTime lastUsedAt;
    bool current = false;  // this device's own session
};

// Newest use first.
Result<QList<SessionRow>> listSessions(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken);
Status revokeSession(const std::shared_ptr<grpc::Channel>& channel, const std::string& accessToken,
                     const QString& sessionId);

}  // namespace devcoll::app
