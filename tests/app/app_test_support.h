#pragma once
// What the app tests share: running work on a replica's store thread and waiting for it, sync
// settings with short retries, whether an engine has settled, and a replica's contents as
// sorted lines for comparing two replicas row for row.
#include <QStringList>

#include <functional>
#include <type_traits>

#include "store/local_store.h"
#include "sync/sync_engine.h"

namespace devcoll::test {

// Runs `work` on the store thread and waits; a failure is a warning and a default value.
template <typename T>
T onStore(app::LocalStore& store, std::function<Result<T>(app::ReplicaDatabase&)> work) {
    auto future = store.run<T>(std::move(work));
    future.waitForFinished();
    const Result<T> result = future.result();
    if (!result.ok()) qWarning("store: %s", result.error().message.c_str());
    if constexpr (!std::is_void_v<T>) return result.ok() ? *result : T{};
}

// For tests that open the app's windows on a replica: the app's resources (icons, translations)
// loaded, and files under QStandardPaths' test locations, not the user's.
void useWindowTestEnvironment();
// Removes the replicas such a test left in the test location.
void removeTestReplicas();

// Retries after 100 ms, at most 400 ms apart: tests see the network come back at once.
app::SyncEngineSettings quickSyncSettings();

// Live and nothing left to send.
bool settled(const app::SyncEngine& engine);

// Everything in the replica that the server decides (posts, comments, likes, follows,
// profiles, with versions), one line per row, sorted; pending marks left out.
QStringList replicaRows(app::LocalStore& store);

}  // namespace devcoll::test
