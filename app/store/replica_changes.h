#pragma once
// How what the sync service sends lands in the replica. A page of changes (from Snapshot, Pull
// or Subscribe) and the cursor after it are applied in one transaction: the replica's atomic
// checkpoint, so a crash leaves it at the previous cursor or this one, never in between.
//
// Rules (sync.proto): an upsert applies when its version is above the replica's; one for a
// row changed on this device replaces it once no action on that entity waits to be sent (the
// server confirming it: read-your-writes without a flicker), and while one waits the local
// row stays as the user left it. A tombstone deletes. A resync diff first drops every entity
// it does not name, except those with actions waiting.
#include <QString>

#include <optional>
#include <vector>

#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "store/replica_database.h"

namespace devcoll::app {

struct SyncPage final {
    std::optional<sync::v1::ResyncDiff> resync;
    std::vector<sync::v1::Change> changes;
    // Where the stream stands after this page; empty: keep the stored cursor.
    QString cursor;
    // A page of a first snapshot: posts are written without their search terms, which
    // indexDeferredPosts() makes later.
    bool deferSearchTerms = false;
};

Status applySyncPage(ReplicaDatabase& db, const SyncPage& page);

// Forgets everything the server sent, and the cursor, keeping the rows that actions waiting to
// be sent hold: before a new snapshot of a replica too far behind for a diff.
Status resetReplica(ReplicaDatabase& db);

// For changes made on this device (pending_actions.h), inside the caller's transaction: the
// post's or profile's search terms made anew, and an entity removed with its search terms.
Status indexPost(ReplicaDatabase& db, const QString& id, const std::string& body);
Status indexProfile(ReplicaDatabase& db, const QString& id, const std::string& username, const std::string& displayName,
                    const std::string& bio);
Status removeEntity(ReplicaDatabase& db, sync::v1::EntityKind kind, const QString& id);

// One change, inside the caller's transaction.
Status applyChange(ReplicaDatabase& db, const sync::v1::Change& change, bool deferSearchTerms = false);

// Makes the search terms of up to `limit` posts written without them; how many it made (0:
// search is complete).
Result<int> indexDeferredPosts(ReplicaDatabase& db, int limit);

}  // namespace devcoll::app
