#pragma once
// SyncStore: the sync service's per-user change logs on its database (see the migration for
// their shape). Event handlers write each change into the logs of everyone who may see it
// (fan-out on write; what an author's followers see goes once into the author's audience
// log, which each follower's reads join) and decide scope: following someone backfills their recent posts,
// unfollowing removes their followers-only posts, deletions reach whoever holds what was
// deleted. Reads serve Pull (changes after a position) and Snapshot (a view at a position).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "platform/storage/database.h"

namespace devcoll::sync {

namespace v1 = devcoll::sync::v1;

// A place in one user's log: changes are ordered by (seq, kind, entity id).
struct LogPosition final {
    std::int64_t seq = 0;
    std::int64_t kind = 0;
    std::string entityId;
};

// One row of a user's log with the entity's current content.
struct LogEntry final {
    LogPosition position;
    bool tombstone = false;
    std::int64_t changedAt = 0;
    std::int64_t version = 0;
    std::string payload;  // protobuf JSON of the entity; empty for a tombstone
};

struct SyncSettings final {
    // How far back a snapshot and a new follow reach into other people's posts.
    std::chrono::seconds feedWindow{30 * 24 * 3600};
    // At most this many of a newly followed user's posts are backfilled.
    int followBackfillPosts = 200;
    // Tombstones are kept this long; a cursor from before the oldest kept one needs a resync.
    std::chrono::seconds retention{30 * 24 * 3600};
};

class SyncStore final {
public:
    // `changed` is told, after each commit, which users' logs grew.
    using ChangedUsers = std::function<void(const std::set<std::string>&)>;
    SyncStore(storage::Database& db, SyncSettings settings, ChangedUsers changed)
        : m_db(db), m_settings(settings), m_changed(std::move(changed)) {}

    // Event handlers, inside the consumer's transaction; `at` is when the event happened.
    Status profileChanged(storage::Tx& tx, const events::v1::UserProfile& profile, std::int64_t at);
    Status userDeleted(storage::Tx& tx, const std::string& userId, std::int64_t at);
    Status followChanged(storage::Tx& tx, const events::v1::FollowChanged& follow, bool followed, std::int64_t at);
    Status postChanged(storage::Tx& tx, const events::v1::PostChanged& post, std::int64_t at);
    Status postDeleted(storage::Tx& tx, const events::v1::PostDeleted& post, std::int64_t at);
    Status likeChanged(storage::Tx& tx, const events::v1::LikeChanged& like, bool liked, std::int64_t at);
    Status commentCreated(storage::Tx& tx, const events::v1::CommentChanged& comment, std::int64_t at);
    Status commentDeleted(storage::Tx& tx, const events::v1::CommentDeleted& comment, std::int64_t at);
    Status mediaUploaded(storage::Tx& tx, const events::v1::MediaChanged& media, std::int64_t at);
    Status mediaDeleted(storage::Tx& tx, const events::v1::MediaDeleted& media, std::int64_t at);

    // Up to `limit` changes of `userId`'s log after `after`, oldest first.
    Result<std::vector<LogEntry>> changesAfter(const std::string& userId, const LogPosition& after, int limit);
    // Up to `limit` entities in `userId`'s view as of position `upTo`, after `after`.
    Result<std::vector<LogEntry>> snapshotPage(const std::string& userId, std::int64_t upTo, const LogPosition& after,
                                               int limit);
    // Drops tombstones older than the retention, raising the users' horizons; how many went.
    Result<std::int64_t> purgeTombstones();

    // The position of the latest change in any log.
    Result<std::int64_t> currentPosition();
    // Tombstones at or below this position are no longer kept in `userId`'s log.
    Result<std::int64_t> horizon(const std::string& userId);

private:
    Result<std::int64_t> nextPosition(storage::Tx& tx);
    Status upsertEntity(storage::Tx& tx, v1::EntityKind kind, const std::string& id, std::int64_t version,
                        std::int64_t at, const google::protobuf::Message& entity);
    // Writes entity (kind, id) into the audience log of `authorId`'s followers.
    Status toAudience(storage::Tx& tx, const std::string& authorId, v1::EntityKind kind, const std::string& id,
                      std::int64_t seq, bool tombstone, std::int64_t at);
    // Runs a log write and remembers whom it reached, for after the commit.
    Status logged(storage::Tx& tx, std::string_view query, const storage::SqlParams& params);

    storage::Database& m_db;
    SyncSettings m_settings;
    ChangedUsers m_changed;
};

}  // namespace devcoll::sync
