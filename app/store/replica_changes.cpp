#include "store/replica_changes.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <QSet>
#include <QStringList>

#include "devcoll/search_text.h"
#include "store/replica_notifications.h"
#include "store/replica_state.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
using google::protobuf::util::TimeUtil;

// Never a null QString: Qt binds those as NULL, and every text column is NOT NULL.
QString q(const std::string& s) {
    QString text = QString::fromStdString(s);
    return text.isNull() ? QStringLiteral("") : text;
}
qint64 micros(const google::protobuf::Timestamp& t) { return TimeUtil::TimestampToMicroseconds(t); }

// The condition under which a server upsert replaces a row of `table` (see the header).
QString replaces(const QString& table, int kind, const QString& idExpression) {
    return QStringLiteral(
               " WHERE NOT EXISTS (SELECT 1 FROM pending_mutations m WHERE m.entity_kind = %2 AND "
               "m.entity_id = %3 AND m.state = 'queued') AND (excluded.version > %1.version OR %1.pending = 1)")
        .arg(table)
        .arg(kind)
        .arg(idExpression);
}

Result<qint64> rowidOf(ReplicaDatabase& db, const QString& table, const QString& id) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT rowid FROM %1 WHERE id = ?").arg(table), {id}));
    return rows.isEmpty() ? qint64{-1} : rows.first().value(0).toLongLong();
}

Status indexPostIn(ReplicaDatabase& db, const QString& id, const std::string& body) {
    DEVCOLL_TRY(const qint64 rowid, rowidOf(db, QStringLiteral("posts"), id));
    DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM posts_fts WHERE rowid = ?"), {rowid}));
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO posts_fts (rowid, terms) VALUES (?, ?)"),
                          {rowid, q(search::indexTerms(body, true))}));
    return {};
}

Status indexProfileIn(ReplicaDatabase& db, const QString& id, const std::string& username,
                      const std::string& displayName, const std::string& bio) {
    DEVCOLL_TRY(const qint64 rowid, rowidOf(db, QStringLiteral("profiles"), id));
    DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM profiles_fts WHERE rowid = ?"), {rowid}));
    DEVCOLL_CHECK(db.exec(
        QStringLiteral("INSERT INTO profiles_fts (rowid, name, bio) VALUES (?, ?, ?)"),
        {rowid, q(search::indexTerms(username + " " + displayName, false)), q(search::indexTerms(bio, false))}));
    return {};
}

Status upsertPost(ReplicaDatabase& db, const post::v1::Post& p, bool deferSearchTerms) {
    const QString id = q(p.id());
    std::string media;
    for (const auto& m : p.media_ids()) media += (media.empty() ? "" : " ") + m;
    DEVCOLL_TRY(
        const int changed,
        db.exec(QStringLiteral("INSERT INTO posts (id, author_id, body, visibility, media_ids, created_at, "
                               "updated_at, version, pending, indexed, hidden_reason) VALUES (?, ?, ?, ?, ?, ?, ?, "
                               "?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET author_id = excluded.author_id, body = "
                               "excluded.body, visibility = excluded.visibility, media_ids = "
                               "excluded.media_ids, created_at = excluded.created_at, updated_at = "
                               "excluded.updated_at, version = excluded.version, pending = 0, indexed = "
                               "excluded.indexed, hidden_reason = excluded.hidden_reason") +
                    replaces(QStringLiteral("posts"), sv1::ENTITY_KIND_POST, QStringLiteral("posts.id")),
                {id, q(p.author_id()), q(p.body()), static_cast<int>(p.visibility()), q(media), micros(p.created_at()),
                 micros(p.updated_at()), static_cast<qint64>(p.version()), deferSearchTerms ? 0 : 1,
                 p.hidden() ? QVariant(q(p.hidden_reason())) : QVariant()}));
    if (changed == 0 || deferSearchTerms) return {};
    return indexPostIn(db, id, p.body());
}

Status upsertProfile(ReplicaDatabase& db, const user::v1::UserProfile& p) {
    const QString id = q(p.id());
    DEVCOLL_TRY(
        const int changed,
        db.exec(QStringLiteral("INSERT INTO profiles (id, username, display_name, bio, avatar_media_id, "
                               "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
                               "ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = "
                               "excluded.display_name, bio = excluded.bio, avatar_media_id = "
                               "excluded.avatar_media_id, created_at = excluded.created_at, version = "
                               "excluded.version, pending = 0") +
                    replaces(QStringLiteral("profiles"), sv1::ENTITY_KIND_PROFILE, QStringLiteral("profiles.id")),
                {id, q(p.username()), q(p.display_name()), q(p.bio()), q(p.avatar_media_id()), micros(p.created_at()),
                 static_cast<qint64>(p.version())}));
    if (changed == 0) return {};
    return indexProfileIn(db, id, p.username(), p.display_name(), p.bio());
}

Status upsertComment(ReplicaDatabase& db, const post::v1::Comment& c, qint64 version) {
    DEVCOLL_CHECK(
        db.exec(QStringLiteral("INSERT INTO comments (id, post_id, parent_comment_id, author_id, body, "
                               "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
                               "ON CONFLICT (id) DO UPDATE SET body = excluded.body, version = "
                               "excluded.version, pending = 0") +
                    replaces(QStringLiteral("comments"), sv1::ENTITY_KIND_COMMENT, QStringLiteral("comments.id")),
                {q(c.id()), q(c.post_id()), q(c.parent_comment_id()), q(c.author_id()), q(c.body()),
                 micros(c.created_at()), version}));
    return {};
}

Status upsertLike(ReplicaDatabase& db, const post::v1::Like& l, qint64 version) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO likes (post_id, user_id, created_at, version, pending) VALUES "
                                         "(?, ?, ?, ?, 0) ON CONFLICT (post_id, user_id) DO UPDATE SET version = "
                                         "excluded.version, pending = 0") +
                              replaces(QStringLiteral("likes"), sv1::ENTITY_KIND_LIKE,
                                       QStringLiteral("likes.post_id || ':' || likes.user_id")),
                          {q(l.post_id()), q(l.user_id()), micros(l.created_at()), version}));
    return {};
}

Status upsertFollow(ReplicaDatabase& db, const sv1::Follow& f, qint64 version) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO follows (follower_id, followee_id, created_at, version, pending) "
                                         "VALUES (?, ?, ?, ?, 0) ON CONFLICT (follower_id, followee_id) DO UPDATE SET "
                                         "version = excluded.version, pending = 0") +
                              replaces(QStringLiteral("follows"), sv1::ENTITY_KIND_FOLLOW,
                                       QStringLiteral("follows.follower_id || ':' || follows.followee_id")),
                          {q(f.follower_id()), q(f.followee_id()), micros(f.created_at()), version}));
    return {};
}

Status upsertMedia(ReplicaDatabase& db, const media::v1::Media& m, qint64 version) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO media (id, owner_id, content_type, size_bytes, sha256, "
                                         "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
                                         "ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, "
                                         "size_bytes = excluded.size_bytes, sha256 = excluded.sha256, version = "
                                         "excluded.version, pending = 0") +
                              replaces(QStringLiteral("media"), sv1::ENTITY_KIND_MEDIA, QStringLiteral("media.id")),
                          {q(m.id()), q(m.owner_id()), q(m.content_type()), static_cast<qint64>(m.size_bytes()),
                           q(m.sha256()), micros(m.created_at()), version}));
    return {};
}

Status upsertSettings(ReplicaDatabase& db, const std::string& userId, const sv1::Settings& s, qint64 version) {
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(s, &json).ok()) {
        return makeError(ErrorCode::Internal, "cannot encode settings");
    }
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO settings (user_id, values_json, version) VALUES (?, ?, ?) "
                                         "ON CONFLICT (user_id) DO UPDATE SET values_json = excluded.values_json, "
                                         "version = excluded.version WHERE excluded.version > settings.version"),
                          {q(userId), q(json), version}));
    return {};
}

// Where each kind lives, and how its entity id names a row.
struct KindTable final {
    sv1::EntityKind kind;
    const char* table;
    const char* idExpression;
};
constexpr KindTable kTables[] = {
    {sv1::ENTITY_KIND_PROFILE, "profiles", "id"},
    {sv1::ENTITY_KIND_FOLLOW, "follows", "follower_id || ':' || followee_id"},
    {sv1::ENTITY_KIND_POST, "posts", "id"},
    {sv1::ENTITY_KIND_COMMENT, "comments", "id"},
    {sv1::ENTITY_KIND_LIKE, "likes", "post_id || ':' || user_id"},
    {sv1::ENTITY_KIND_MEDIA, "media", "id"},
    {sv1::ENTITY_KIND_SETTINGS, "settings", "user_id"},
    {sv1::ENTITY_KIND_NOTIFICATION, "notifications", "id"},
    {sv1::ENTITY_KIND_NOTIFICATION_STATE, "notification_state", "user_id"},
};

const KindTable* tableOf(sv1::EntityKind kind) {
    for (const KindTable& t : kTables) {
        if (t.kind == kind) return &t;
    }
    return nullptr;
}

Status removeIn(ReplicaDatabase& db, sv1::EntityKind kind, const QString& id) {
    const KindTable* t = tableOf(kind);
    if (!t) return {};  // a kind this version of the app does not know: nothing of it is held
    if (kind == sv1::ENTITY_KIND_POST || kind == sv1::ENTITY_KIND_PROFILE) {
        const QString table = QString::fromLatin1(t->table);
        DEVCOLL_TRY(const qint64 rowid, rowidOf(db, table, id));
        DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM %1_fts WHERE rowid = ?").arg(table), {rowid}));
    }
    DEVCOLL_CHECK(db.exec(
        QStringLiteral("DELETE FROM %1 WHERE %2 = ?").arg(QLatin1String(t->table), QLatin1String(t->idExpression)),
        {id}));
    return {};
}

// Drops every entity the diff does not name, except those a waiting action holds and those
// confirmed by the server after the diff was read (the feed has not carried them back yet).
Status keepOnly(ReplicaDatabase& db, const sv1::ResyncDiff& diff) {
    QSet<QPair<int, QString>> scope;
    for (const auto& ref : diff.scope()) scope.insert({static_cast<int>(ref.kind()), q(ref.entity_id())});
    for (const KindTable& t : kTables) {
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT %1 FROM %2 WHERE NOT EXISTS (SELECT 1 FROM "
                                                        "pending_mutations m WHERE m.entity_kind = ? AND m.entity_id "
                                                        "= %1 AND m.state = 'queued') AND NOT EXISTS (SELECT 1 FROM "
                                                        "confirmed_unsynced c WHERE c.entity_kind = ? AND "
                                                        "c.entity_id = %1)")
                                             .arg(QLatin1String(t.idExpression), QLatin1String(t.table)),
                                         {static_cast<int>(t.kind), static_cast<int>(t.kind)}));
        for (const QVariantList& row : rows) {
            const QString id = row.value(0).toString();
            if (!scope.contains({static_cast<int>(t.kind), id})) DEVCOLL_CHECK(removeIn(db, t.kind, id));
        }
    }
    return {};
}

}  // namespace

Status indexPost(ReplicaDatabase& db, const QString& id, const std::string& body) { return indexPostIn(db, id, body); }

Status indexProfile(ReplicaDatabase& db, const QString& id, const std::string& username, const std::string& displayName,
                    const std::string& bio) {
    return indexProfileIn(db, id, username, displayName, bio);
}

Status removeEntity(ReplicaDatabase& db, sv1::EntityKind kind, const QString& id) { return removeIn(db, kind, id); }

Status applyChange(ReplicaDatabase& db, const sv1::Change& c, bool deferSearchTerms) {
    const QString id = q(c.entity_id());
    const qint64 version = c.version();
    if (c.entity_case() != sv1::Change::kTombstone) {
        // While an action on the entity waits to be sent, the row stays as the user left it,
        // also when it is not there (deleted here): no upsert brings it back. Deletions from
        // the server still apply, so that nothing deleted there lingers here.
        DEVCOLL_TRY(auto waiting, db.select(QStringLiteral("SELECT 1 FROM pending_mutations WHERE entity_kind = ? AND "
                                                           "entity_id = ? AND state = 'queued' LIMIT 1"),
                                            {static_cast<int>(c.kind()), id}));
        if (!waiting.isEmpty()) return {};
    }
    switch (c.entity_case()) {
        case sv1::Change::kTombstone:
            return removeIn(db, c.kind(), id);
        case sv1::Change::kProfile:
            return upsertProfile(db, c.profile());
        case sv1::Change::kFollow:
            return upsertFollow(db, c.follow(), version);
        case sv1::Change::kPost:
            return upsertPost(db, c.post(), deferSearchTerms);
        case sv1::Change::kComment:
            return upsertComment(db, c.comment(), version);
        case sv1::Change::kLike:
            return upsertLike(db, c.like(), version);
        case sv1::Change::kMedia:
            return upsertMedia(db, c.media(), version);
        case sv1::Change::kSettings:
            return upsertSettings(db, c.entity_id(), c.settings(), version);
        case sv1::Change::kNotification:
            return upsertNotification(db, c.notification(), version);
        case sv1::Change::kNotificationState:
            return upsertNotificationState(db, c.entity_id(), c.notification_state(), version);
        case sv1::Change::ENTITY_NOT_SET:
            return {};  // an entity this version of the app does not know yet
    }
    return {};
}

Status applySyncPage(ReplicaDatabase& db, const SyncPage& page) {
    return db.transact([&]() -> Status {
        if (page.resync) DEVCOLL_CHECK(keepOnly(db, *page.resync));
        for (const sv1::Change& change : page.changes) {
            DEVCOLL_CHECK(applyChange(db, change, page.deferSearchTerms));
            // The feed knows the entity now: a later snapshot names it (or its deletion).
            DEVCOLL_CHECK(
                db.exec(QStringLiteral("DELETE FROM confirmed_unsynced WHERE entity_kind = ? AND entity_id = ?"),
                        {static_cast<int>(change.kind()), q(change.entity_id())}));
        }
        if (!page.cursor.isEmpty()) DEVCOLL_CHECK(setState(db, StateKey::Cursor, page.cursor));
        return {};
    });
}

Result<int> indexDeferredPosts(ReplicaDatabase& db, int limit) {
    int made = 0;
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_TRY(auto rows,
                    db.select(QStringLiteral("SELECT rowid, body FROM posts WHERE indexed = 0 LIMIT ?"), {limit}));
        for (const QVariantList& r : rows) {
            const qint64 rowid = r[0].toLongLong();
            DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM posts_fts WHERE rowid = ?"), {rowid}));
            DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO posts_fts (rowid, terms) VALUES (?, ?)"),
                                  {rowid, q(search::indexTerms(r[1].toString().toStdString(), true))}));
            DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE posts SET indexed = 1 WHERE rowid = ?"), {rowid}));
            ++made;
        }
        return {};
    }));
    return made;
}

Status resetReplica(ReplicaDatabase& db) {
    return db.transact([&]() -> Status {
        DEVCOLL_CHECK(keepOnly(db, sv1::ResyncDiff()));
        return setState(db, StateKey::Cursor, QString());
    });
}

}  // namespace devcoll::app
