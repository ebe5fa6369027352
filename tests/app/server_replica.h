#pragma once
// For app tests that run against a TestServer (WITH_SERVER): a user's replica on that server,
// syncing with short retries, its access token fixed.
#include <memory>

#include "app_test_support.h"
#include "server/test_server.h"
#include "sync/account_replica.h"

namespace devcoll::test {

inline std::unique_ptr<app::AccountReplica> openReplica(TestServer& server, const TestUser& user) {
    const std::string token = user.accessToken;
    auto opened = app::AccountReplica::open(
        app::ServerAddress{QStringLiteral("127.0.0.1"), 4}, QString::fromStdString(user.id), server.channel(),
        [token] { return token; }, nullptr, quickSyncSettings());
    if (!opened.ok()) qWarning("replica: %s", opened.error().message.c_str());
    return opened.ok() ? std::move(*opened) : nullptr;
}

}  // namespace devcoll::test
