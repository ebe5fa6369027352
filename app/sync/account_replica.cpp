#include "sync/account_replica.h"

#include "store/replica_location.h"
#include "store/replica_state.h"

namespace devcoll::app {

AccountReplica::AccountReplica(QString accountId, std::unique_ptr<LocalStore> store)
    : m_accountId(std::move(accountId)), m_store(std::move(store)) {}

AccountReplica::~AccountReplica() {
    // The engine's threads use the store: they stop first.
    m_sync.reset();
}

Result<std::unique_ptr<AccountReplica>> AccountReplica::open(const ServerAddress& server, const QString& accountId,
                                                             std::shared_ptr<grpc::Channel> channel,
                                                             AccessTokenSource tokens, NetworkWatch* network,
                                                             SyncEngineSettings settings) {
    DEVCOLL_TRY(const QString path, replicaPath(server, accountId));
    auto store = std::make_unique<LocalStore>(path);
    // The replica says whose it is: a file that holds someone else's is never synced into.
    auto owner = store->run<void>([accountId](ReplicaDatabase& db) -> Status {
        DEVCOLL_TRY(auto stored, stateOf(db, StateKey::AccountId));
        if (!stored) return setState(db, StateKey::AccountId, accountId);
        if (*stored != accountId) {
            return makeError(ErrorCode::FailedPrecondition, "this replica belongs to another account");
        }
        return {};
    });
    owner.waitForFinished();
    DEVCOLL_CHECK(owner.result());
    std::unique_ptr<AccountReplica> replica(new AccountReplica(accountId, std::move(store)));
    replica->m_channel = channel;
    replica->m_tokens = tokens;
    replica->m_sync = std::make_unique<SyncEngine>(*replica->m_store, std::move(channel), std::move(tokens), settings);
    if (network) connect(network, &NetworkWatch::networkBack, replica->m_sync.get(), &SyncEngine::retryNow);
    replica->m_sync->start();
    return replica;
}

}  // namespace devcoll::app
