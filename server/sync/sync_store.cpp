#include "sync/sync_store.h"

#include <google/protobuf/util/json_util.h>

#include "devcoll/media/v1/media.pb.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "platform/clock.h"

namespace devcoll::sync {
namespace {

using storage::Row;
using storage::Tx;

constexpr std::int64_t kUpsert = 0;
constexpr std::int64_t kTombstone = 1;

std::int64_t kindOf(v1::EntityKind kind) { return static_cast<std::int64_t>(kind); }

// Follows and likes have no id of their own: they are named by the pair.
std::string pairId(const std::string& first, const std::string& second) { return first + ":" + second; }

LogEntry entryFrom(const Row& r) {
    LogEntry e;
    e.position = LogPosition{r.integer(0), r.integer(1), r.text(2)};
    e.tombstone = r.boolean(3);
    e.changedAt = r.integer(4);
    e.version = r.integer(5);
    e.payload = r.text(6);
    // A row whose entity is gone (deleted in the same breath) is a tombstone to its reader.
    if (e.payload.empty()) e.tombstone = true;
    return e;
}

}  // namespace

Result<std::int64_t> SyncStore::nextPosition(Tx& tx, std::int64_t at) {
    DEVCOLL_TRY(auto rows, tx.run("next_position"));
    // Every event handler takes one position: this is where the logs' lag is known.
    tx.afterCommit([this, at] {
        m_lastEventAt.store(at);
        m_lastEventAppliedAt.store(nowMicros());
    });
    return rows[0].integer(0);
}

Status SyncStore::upsertEntity(Tx& tx, v1::EntityKind kind, const std::string& id, std::int64_t version,
                               std::int64_t at, const google::protobuf::Message& entity) {
    std::string payload;
    const auto status = google::protobuf::util::MessageToJsonString(entity, &payload);
    if (!status.ok()) return makeError(ErrorCode::Internal, "cannot encode a synced entity: " + status.ToString());
    DEVCOLL_CHECK(tx.run("upsert_entity", {kindOf(kind), id, version, at, payload}));
    return {};
}

Status SyncStore::logged(Tx& tx, std::string_view query, const storage::SqlParams& params) {
    DEVCOLL_TRY(auto rows, tx.run(query, params));
    if (rows.empty() || !m_changed) return {};
    std::set<std::string> users;
    for (const Row& r : rows) users.insert(r.text(0));
    tx.afterCommit([this, users = std::move(users)] { m_changed(users); });
    return {};
}

Status SyncStore::toAudience(Tx& tx, const std::string& authorId, v1::EntityKind kind, const std::string& id,
                             std::int64_t seq, bool tombstone, std::int64_t at) {
    if (tombstone) {
        DEVCOLL_CHECK(tx.run("unlog_from_audience", {kindOf(kind), id, seq, at, authorId}));
    } else {
        DEVCOLL_CHECK(tx.run("log_to_audience", {authorId, kindOf(kind), id, seq, kUpsert, at}));
    }
    // The followers read the audience log: wake those listening.
    return logged(tx, "followers_of", {authorId});
}

Status SyncStore::profileChanged(Tx& tx, const events::v1::UserProfile& p, std::int64_t at) {
    devcoll::user::v1::UserProfile profile;
    profile.set_id(p.user_id());
    profile.set_username(p.username());
    profile.set_display_name(p.display_name());
    profile.set_bio(p.bio());
    profile.set_avatar_media_id(p.avatar_media_id());
    *profile.mutable_created_at() = p.created_at();
    profile.set_version(p.version());
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_PROFILE, p.user_id(), p.version(), at, profile));
    const storage::SqlParams change{p.user_id(), kindOf(v1::ENTITY_KIND_PROFILE), p.user_id(), seq, kUpsert, at};
    // The user, the people who follow them and the people they follow all show this profile.
    DEVCOLL_CHECK(logged(tx, "log_to_user", change));
    DEVCOLL_CHECK(logged(tx, "log_to_followers", change));
    return logged(tx, "log_to_followees", change);
}

Status SyncStore::userDeleted(Tx& tx, const std::string& userId, std::int64_t at) {
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    const std::int64_t profile = kindOf(v1::ENTITY_KIND_PROFILE);
    const std::int64_t follow = kindOf(v1::ENTITY_KIND_FOLLOW);
    DEVCOLL_CHECK(logged(tx, "log_to_holders", {profile, userId, profile, userId, seq, kTombstone, at}));
    DEVCOLL_CHECK(tx.run("delete_entity", {profile, userId}));
    // Their follows in both directions leave every log; their posts, comments, likes and media
    // go with the events their services publish for them.
    DEVCOLL_TRY(auto follows, tx.run("follows_of", {userId}));
    for (const Row& r : follows) {
        const std::string id = pairId(r.text(0), r.text(1));
        DEVCOLL_CHECK(logged(tx, "log_to_holders", {follow, id, follow, id, seq, kTombstone, at}));
        DEVCOLL_CHECK(tx.run("delete_entity", {follow, id}));
        // Their followers keep reading their audience log, where the deletions of their posts
        // and comments are about to arrive.
        if (r.text(0) == userId) DEVCOLL_CHECK(tx.run("delete_follow", {r.text(0), r.text(1)}));
    }
    DEVCOLL_CHECK(tx.run("mark_deleted", {userId}));
    DEVCOLL_CHECK(tx.run("delete_notifications_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_log_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_horizon_of", {userId}));
    return {};
}

Status SyncStore::followChanged(Tx& tx, const events::v1::FollowChanged& f, bool followed, std::int64_t at) {
    const std::string& follower = f.follower_id();
    const std::string& followee = f.followee_id();
    const std::string id = pairId(follower, followee);
    const std::int64_t follow = kindOf(v1::ENTITY_KIND_FOLLOW);
    const std::int64_t profile = kindOf(v1::ENTITY_KIND_PROFILE);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    if (!followed) {
        DEVCOLL_CHECK(logged(tx, "log_to_holders", {follow, id, follow, id, seq, kTombstone, at}));
        DEVCOLL_CHECK(tx.run("delete_entity", {follow, id}));
        DEVCOLL_CHECK(tx.run("delete_follow", {follower, followee}));
        // The followee's posts leave the former follower's view, as from a new snapshot.
        return logged(tx, "unlog_followee_posts", {follower, followee, seq, at});
    }
    DEVCOLL_CHECK(tx.run("insert_follow", {follower, followee}));
    v1::Follow entity;
    entity.set_follower_id(follower);
    entity.set_followee_id(followee);
    *entity.mutable_created_at() = f.has_at() ? f.at() : toTimestamp(at);
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_FOLLOW, id, seq, at, entity));
    DEVCOLL_CHECK(logged(tx, "log_to_user", {follower, follow, id, seq, kUpsert, at}));
    DEVCOLL_CHECK(logged(tx, "log_to_user", {followee, follow, id, seq, kUpsert, at}));
    // Each now shows the other's profile, and the follower the followee's recent posts.
    DEVCOLL_TRY(auto followeeKnown, tx.run("entity_exists", {profile, followee}));
    if (!followeeKnown.empty()) {
        DEVCOLL_CHECK(logged(tx, "log_to_user", {follower, profile, followee, seq, kUpsert, at}));
    }
    DEVCOLL_TRY(auto followerKnown, tx.run("entity_exists", {profile, follower}));
    if (!followerKnown.empty()) {
        DEVCOLL_CHECK(logged(tx, "log_to_user", {followee, profile, follower, seq, kUpsert, at}));
    }
    const std::int64_t windowStart =
        at - std::chrono::duration_cast<std::chrono::microseconds>(m_settings.feedWindow).count();
    return logged(tx, "log_recent_posts",
                  {followee, follower, seq, at, windowStart, std::int64_t{m_settings.followBackfillPosts}});
}

Status SyncStore::postChanged(Tx& tx, const events::v1::PostChanged& p, std::int64_t at) {
    devcoll::post::v1::Post post;
    post.set_id(p.post_id());
    post.set_author_id(p.author_id());
    post.set_body(p.body());
    for (const auto& id : p.media_ids()) post.add_media_ids(id);
    post.set_visibility(static_cast<devcoll::post::v1::Visibility>(p.visibility()));
    *post.mutable_created_at() = p.created_at();
    *post.mutable_updated_at() = p.updated_at();
    post.set_version(p.version());
    post.set_hidden(p.hidden());
    post.set_hidden_reason(p.hidden_reason());
    DEVCOLL_CHECK(tx.run("upsert_post", {p.post_id(), p.author_id(), std::int64_t{p.visibility()},
                                         fromTimestamp(p.created_at()), std::int64_t{p.hidden() ? 1 : 0}}));
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_POST, p.post_id(), p.version(), at, post));
    if (p.hidden()) {
        // A moderator hid it: it leaves every replica but its author's, which shows it marked.
        const std::int64_t kind = kindOf(v1::ENTITY_KIND_POST);
        DEVCOLL_CHECK(logged(tx, "log_to_holders", {kind, p.post_id(), kind, p.post_id(), seq, kTombstone, at}));
        DEVCOLL_CHECK(toAudience(tx, p.author_id(), v1::ENTITY_KIND_POST, p.post_id(), seq, true, at));
        return logged(tx, "log_to_user", {p.author_id(), kind, p.post_id(), seq, kUpsert, at});
    }
    // Followers see public and followers-only posts alike (through the audience log); nobody
    // else gets either.
    DEVCOLL_CHECK(
        logged(tx, "log_to_user", {p.author_id(), kindOf(v1::ENTITY_KIND_POST), p.post_id(), seq, kUpsert, at}));
    return toAudience(tx, p.author_id(), v1::ENTITY_KIND_POST, p.post_id(), seq, false, at);
}

Status SyncStore::postDeleted(Tx& tx, const events::v1::PostDeleted& p, std::int64_t at) {
    const std::int64_t post = kindOf(v1::ENTITY_KIND_POST);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(logged(tx, "log_to_holders", {post, p.post_id(), post, p.post_id(), seq, kTombstone, at}));
    DEVCOLL_CHECK(toAudience(tx, p.author_id(), v1::ENTITY_KIND_POST, p.post_id(), seq, true, at));
    DEVCOLL_CHECK(tx.run("delete_entity", {post, p.post_id()}));
    DEVCOLL_CHECK(tx.run("delete_post", {p.post_id()}));
    return {};
}

Status SyncStore::likeChanged(Tx& tx, const events::v1::LikeChanged& l, bool liked, std::int64_t at) {
    const std::string id = pairId(l.post_id(), l.user_id());
    const std::int64_t like = kindOf(v1::ENTITY_KIND_LIKE);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    if (!liked) {
        DEVCOLL_CHECK(logged(tx, "log_to_holders", {like, id, like, id, seq, kTombstone, at}));
        DEVCOLL_CHECK(tx.run("delete_entity", {like, id}));
        return {};
    }
    devcoll::post::v1::Like entity;
    entity.set_post_id(l.post_id());
    entity.set_user_id(l.user_id());
    *entity.mutable_created_at() = toTimestamp(at);
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_LIKE, id, seq, at, entity));
    // The one who liked, and the author whose post was liked.
    DEVCOLL_CHECK(logged(tx, "log_to_user", {l.user_id(), like, id, seq, kUpsert, at}));
    if (l.post_author_id() == l.user_id() || l.post_author_id().empty()) return {};
    return logged(tx, "log_to_user", {l.post_author_id(), like, id, seq, kUpsert, at});
}

Status SyncStore::commentCreated(Tx& tx, const events::v1::CommentChanged& c, std::int64_t at) {
    devcoll::post::v1::Comment comment;
    comment.set_id(c.comment_id());
    comment.set_post_id(c.post_id());
    comment.set_parent_comment_id(c.parent_comment_id());
    comment.set_author_id(c.author_id());
    comment.set_body(c.body());
    *comment.mutable_created_at() = c.created_at();
    const std::int64_t kind = kindOf(v1::ENTITY_KIND_COMMENT);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_COMMENT, c.comment_id(), 1, at, comment));
    // Whoever sees the post sees its comments (its author's followers, and whoever holds it
    // otherwise), and the commenter their own.
    DEVCOLL_CHECK(logged(tx, "log_to_holders",
                         {kindOf(v1::ENTITY_KIND_POST), c.post_id(), kind, c.comment_id(), seq, kUpsert, at}));
    if (!c.post_author_id().empty()) {
        DEVCOLL_CHECK(toAudience(tx, c.post_author_id(), v1::ENTITY_KIND_COMMENT, c.comment_id(), seq, false, at));
    }
    return logged(tx, "log_to_user", {c.author_id(), kind, c.comment_id(), seq, kUpsert, at});
}

Status SyncStore::commentDeleted(Tx& tx, const events::v1::CommentDeleted& c, std::int64_t at) {
    const std::int64_t kind = kindOf(v1::ENTITY_KIND_COMMENT);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(logged(tx, "log_to_holders", {kind, c.comment_id(), kind, c.comment_id(), seq, kTombstone, at}));
    DEVCOLL_TRY(auto postAuthor, tx.run("post_author", {c.post_id()}));
    if (!postAuthor.empty()) {
        DEVCOLL_CHECK(toAudience(tx, postAuthor[0].text(0), v1::ENTITY_KIND_COMMENT, c.comment_id(), seq, true, at));
    }
    DEVCOLL_CHECK(tx.run("delete_entity", {kind, c.comment_id()}));
    return {};
}

Status SyncStore::mediaUploaded(Tx& tx, const events::v1::MediaChanged& m, std::int64_t at) {
    devcoll::media::v1::Media media;
    media.set_id(m.media_id());
    media.set_owner_id(m.owner_id());
    media.set_content_type(m.content_type());
    media.set_size_bytes(m.size_bytes());
    media.set_sha256(m.sha256());
    *media.mutable_created_at() = toTimestamp(at);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_MEDIA, m.media_id(), 1, at, media));
    return logged(tx, "log_to_user", {m.owner_id(), kindOf(v1::ENTITY_KIND_MEDIA), m.media_id(), seq, kUpsert, at});
}

Status SyncStore::mediaDeleted(Tx& tx, const events::v1::MediaDeleted& m, std::int64_t at) {
    const std::int64_t kind = kindOf(v1::ENTITY_KIND_MEDIA);
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    DEVCOLL_CHECK(logged(tx, "log_to_holders", {kind, m.media_id(), kind, m.media_id(), seq, kTombstone, at}));
    DEVCOLL_CHECK(tx.run("delete_entity", {kind, m.media_id()}));
    return {};
}

Status SyncStore::notificationsChanged(Tx& tx, const events::v1::NotificationsChanged& n, std::int64_t version,
                                       std::int64_t at) {
    const std::string& user = n.recipient_id();
    const std::int64_t kind = kindOf(v1::ENTITY_KIND_NOTIFICATION);
    // Published before the account's deletion, arrived after it: there is no log to write to.
    DEVCOLL_TRY(auto deleted, tx.run("is_deleted", {user}));
    if (!deleted.empty()) return {};
    DEVCOLL_TRY(const std::int64_t seq, nextPosition(tx, at));
    for (const auto& notification : n.upserted()) {
        DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_NOTIFICATION, notification.id(), version, at, notification));
        DEVCOLL_CHECK(logged(tx, "log_to_user", {user, kind, notification.id(), seq, kUpsert, at}));
    }
    for (const auto& id : n.deleted_ids()) {
        DEVCOLL_CHECK(logged(tx, "log_to_user", {user, kind, id, seq, kTombstone, at}));
        DEVCOLL_CHECK(tx.run("delete_entity", {kind, id}));
    }
    DEVCOLL_CHECK(upsertEntity(tx, v1::ENTITY_KIND_NOTIFICATION_STATE, user, version, at, n.state()));
    return logged(tx, "log_to_user", {user, kindOf(v1::ENTITY_KIND_NOTIFICATION_STATE), user, seq, kUpsert, at});
}

Result<std::vector<LogEntry>> SyncStore::changesAfter(const std::string& userId, const LogPosition& after, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<LogEntry>> {
        DEVCOLL_TRY(auto rows,
                    tx.run("changes_after", {userId, after.seq, after.kind, after.entityId, std::int64_t{limit}}));
        std::vector<LogEntry> entries;
        entries.reserve(rows.size());
        for (const Row& r : rows) entries.push_back(entryFrom(r));
        return entries;
    });
}

Result<std::vector<LogEntry>> SyncStore::snapshotPage(const std::string& userId, std::int64_t upTo,
                                                      const LogPosition& after, int limit) {
    const std::int64_t windowStart =
        nowMicros() - std::chrono::duration_cast<std::chrono::microseconds>(m_settings.feedWindow).count();
    return m_db.read([&](Tx& tx) -> Result<std::vector<LogEntry>> {
        DEVCOLL_TRY(auto rows, tx.run("snapshot_page", {userId, upTo, after.seq, after.kind, after.entityId,
                                                        windowStart, std::int64_t{limit}}));
        std::vector<LogEntry> entries;
        entries.reserve(rows.size());
        for (const Row& r : rows) entries.push_back(entryFrom(r));
        return entries;
    });
}

Result<std::optional<std::vector<EntityName>>> SyncStore::viewNames(const std::string& userId) {
    const std::int64_t windowStart =
        nowMicros() - std::chrono::duration_cast<std::chrono::microseconds>(m_settings.feedWindow).count();
    const std::int64_t limit = m_settings.resyncScopeLimit;
    return m_db.read([&](Tx& tx) -> Result<std::optional<std::vector<EntityName>>> {
        DEVCOLL_TRY(auto rows, tx.run("view_refs", {userId, windowStart, limit + 1}));
        if (std::ssize(rows) > limit) return std::optional<std::vector<EntityName>>();
        std::vector<EntityName> names;
        names.reserve(rows.size());
        for (const Row& r : rows) names.push_back(EntityName{r.integer(0), r.text(1)});
        return std::optional(std::move(names));
    });
}

Result<LogSizes> SyncStore::sizes() {
    LogSizes sizes;
    DEVCOLL_CHECK(m_db.read([&](Tx& tx) -> Status {
        DEVCOLL_TRY(auto rows, tx.run("log_sizes"));
        sizes.userLogRows = rows[0].integer(0);
        sizes.audienceLogRows = rows[0].integer(1);
        sizes.entities = rows[0].integer(2);
        sizes.position = rows[0].integer(3);
        return {};
    }));
    sizes.lastEventAt = m_lastEventAt.load();
    sizes.lastEventAppliedAt = m_lastEventAppliedAt.load();
    return sizes;
}

Result<std::int64_t> SyncStore::purgeTombstones() {
    const std::int64_t before =
        nowMicros() - std::chrono::duration_cast<std::chrono::microseconds>(m_settings.retention).count();
    return m_db.transact([&](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_CHECK(tx.run("raise_horizons", {before}));
        DEVCOLL_CHECK(tx.run("raise_audience_horizon", {before}));
        DEVCOLL_TRY(auto purged, tx.run("purge_tombstones", {before}));
        DEVCOLL_TRY(auto purgedAudience, tx.run("purge_audience_tombstones", {before}));
        return purged.affected + purgedAudience.affected;
    });
}

Result<std::int64_t> SyncStore::currentPosition() {
    return m_db.read([](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_TRY(auto rows, tx.run("current_position"));
        return rows[0].integer(0);
    });
}

Result<std::int64_t> SyncStore::horizon(const std::string& userId) {
    return m_db.read([&](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_TRY(auto rows, tx.run("horizon_of", {userId}));
        return rows[0].integer(0);
    });
}

}  // namespace devcoll::sync
