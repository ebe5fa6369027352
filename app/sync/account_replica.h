#pragma once
// AccountReplica: what the app holds for the signed-in account on one server: its replica (in
// the platform's data folder, store/replica_location.h) on the store thread, and the sync
// engine keeping it in step with the server. The network coming back (NetworkWatch) makes the
// engine try at once. The windows read and write through store() and follow sync().
#include <grpcpp/grpcpp.h>

#include <QObject>
#include <QString>

#include <memory>

#include "devcoll/result.h"
#include "net/network_watch.h"
#include "server_address.h"
#include "store/local_store.h"
#include "sync/sync_engine.h"

namespace devcoll::app {

class AccountReplica final : public QObject {
    Q_OBJECT

public:
    // Opens (or makes) the account's replica and starts syncing it. FailedPrecondition when the
    // file holds another account's replica; errors opening the file as the store has them.
    static Result<std::unique_ptr<AccountReplica>> open(const ServerAddress& server, const QString& accountId,
                                                        std::shared_ptr<grpc::Channel> channel,
                                                        AccessTokenSource tokens, NetworkWatch* network = nullptr,
                                                        SyncEngineSettings settings = {});
    ~AccountReplica() override;

    const QString& accountId() const { return m_accountId; }
    LocalStore& store() { return *m_store; }
    SyncEngine& sync() { return *m_sync; }
    // For calls the windows make themselves (search on the server).
    const std::shared_ptr<grpc::Channel>& channel() const { return m_channel; }
    const AccessTokenSource& tokens() const { return m_tokens; }

private:
    AccountReplica(QString accountId, std::unique_ptr<LocalStore> store);

    const QString m_accountId;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncEngine> m_sync;
    std::shared_ptr<grpc::Channel> m_channel;
    AccessTokenSource m_tokens;
};

}  // namespace devcoll::app
