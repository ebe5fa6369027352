#pragma once
// SyncStore: the sync service's per-user change logs on its database (see the migration for
// their shape). Event handlers write each change into the logs of everyone who may see it
// (fan-out on write; what an author's followers see goes once into the author's audience
// log, which each follower's reads join) and decide scope: following someone backfills their recent posts,
// unfollowing removes their posts, deletions reach whoever holds what was
// deleted. Reads serve Pull (changes after a position) and Snapshot (a view at a position).
#include <atomic>
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

// Names one entity of a view.
struct EntityName final {
    std::int64_t kind = 0;
    std::string entityId;
};

// How large the logs are and how far behind the events (for operators).
struct LogSizes final {
    std::int64_t userLogRows = 0;
    std::int64_t audienceLogRows = 0;
    std::int64_t entities = 0;
    std::int64_t position = 0;
    std::int64_t lastEventAt = 0;         // when the newest event applied here happened; 0: none yet
    std::int64_t lastEventAppliedAt = 0;  // and when it was applied
};

struct SyncSettings final {
    // How far back a snapshot and a new follow reach into other people's posts.
    std::chrono::seconds feedWindow{30 * 24 * 3600};
    // At most this many of a newly followed user's posts are backfilled.
    int followBackfillPosts = 200;
    // Tombstones are kept this long; a cursor from before the oldest kept one needs a resync.
    std::chrono::seconds retention{30 * 24 * 3600};
    // A replica behind the kept tombstones is sent its whole view by name when it has at most
    // this many entities (about 1.6 MB), and must take a new snapshot otherwise.
    int resyncScopeLimit = 20'000;
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
    // Notifications reach their recipient's log only; `version` is the recipient's notification
    // revision (the event's aggregate version), which orders all their changes.
    Status notificationsChanged(storage::Tx& tx, const events::v1::NotificationsChanged& changed, std::int64_t version,
                                std::int64_t at);

    // Up to `limit` changes of `userId`'s log after `after`, oldest first.
    Result<std::vector<LogEntry>> changesAfter(const std::string& userId, const LogPosition& after, int limit);
    // Up to `limit` entities in `userId`'s view as of position `upTo`, after `after`.
    Result<std::vector<LogEntry>> snapshotPage(const std::string& userId, std::int64_t upTo, const LogPosition& after,
                                               int limit);
    // The entities in `userId`'s view now, by name: what a replica at an expired cursor keeps
    // (see ResyncDiff). Nothing when there are more than the settings' resyncScopeLimit.
    Result<std::optional<std::vector<EntityName>>> viewNames(const std::string& userId);
    Result<LogSizes> sizes();
    // Drops tombstones older than the retention, raising the users' horizons; how many went.
    Result<std::int64_t> purgeTombstones();

    // The position of the latest change in any log.
    Result<std::int64_t> currentPosition();
    // Tombstones at or below this position are no longer kept in `userId`'s log.
    Result<std::int64_t> horizon(const std::string& userId);

private:
    // The next position in the logs, for the change an event made at `at`.
    Result<std::int64_t> nextPosition(storage::Tx& tx, std::int64_t at);
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
    // The newest event applied, once its transaction committed (see LogSizes).
    std::atomic<std::int64_t> m_lastEventAt{0};
    std::atomic<std::int64_t> m_lastEventAppliedAt{0};
};

}  // namespace devcoll::sync
