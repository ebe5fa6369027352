#include "store/pending_actions.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include <QCoreApplication>
#include <QDateTime>

#include "devcoll/ids.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "devcoll/validation.h"
#include "store/replica_changes.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;
using google::protobuf::util::TimeUtil;

// As the server has them (post_service.cpp).
constexpr std::size_t kMaxPostBody = 10'000;
constexpr std::size_t kMaxCommentBody = 2'000;
constexpr int kMaxMedia = 4;
// As the server has them (user_service.cpp).
constexpr std::size_t kMaxDisplayName = 64;
constexpr std::size_t kMaxBio = 500;

qint64 nowMicros() { return QDateTime::currentMSecsSinceEpoch() * 1000; }

QString pairId(const QString& first, const QString& second) { return first + QLatin1Char(':') + second; }

QByteArray bytesOf(const google::protobuf::Message& message) {
    return QByteArray::fromStdString(message.SerializeAsString());
}

sv1::Change gone(sv1::EntityKind kind, const QString& id) {
    sv1::Change c;
    c.set_kind(kind);
    c.set_entity_id(id.toStdString());
    c.set_tombstone(true);
    return c;
}

// The post as the replica holds it, as a change that would put it back.
Result<std::optional<sv1::Change>> postBefore(ReplicaDatabase& db, const QString& id) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT author_id, body, visibility, media_ids, created_at, "
                                                    "updated_at, version FROM posts WHERE id = ?"),
                                     {id}));
    if (rows.isEmpty()) return std::optional<sv1::Change>();
    const QVariantList& r = rows.first();
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(id.toStdString());
    c.set_version(r[6].toLongLong());
    pv1::Post* p = c.mutable_post();
    p->set_id(id.toStdString());
    p->set_author_id(r[0].toString().toStdString());
    p->set_body(r[1].toString().toStdString());
    p->set_visibility(static_cast<pv1::Visibility>(r[2].toInt()));
    for (const QString& m : r[3].toString().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        p->add_media_ids(m.toStdString());
    *p->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(r[4].toLongLong());
    *p->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(r[5].toLongLong());
    p->set_version(r[6].toLongLong());
    return std::optional<sv1::Change>(std::move(c));
}

// The profile as the replica holds it, as a change that would put it back.
Result<std::optional<sv1::Change>> profileBefore(ReplicaDatabase& db, const QString& id) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT username, display_name, bio, avatar_media_id, created_at, "
                                                    "version FROM profiles WHERE id = ?"),
                                     {id}));
    if (rows.isEmpty()) return std::optional<sv1::Change>();
    const QVariantList& r = rows.first();
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_PROFILE);
    c.set_entity_id(id.toStdString());
    c.set_version(r[5].toLongLong());
    uv1::UserProfile* p = c.mutable_profile();
    p->set_id(id.toStdString());
    p->set_username(r[0].toString().toStdString());
    p->set_display_name(r[1].toString().toStdString());
    p->set_bio(r[2].toString().toStdString());
    p->set_avatar_media_id(r[3].toString().toStdString());
    *p->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(r[4].toLongLong());
    p->set_version(r[5].toLongLong());
    return std::optional<sv1::Change>(std::move(c));
}

// Shows a profile edit in the replica (the request's masked fields over `base`).
Status showProfileEdit(ReplicaDatabase& db, const uv1::UpdateProfileRequest& request, const uv1::UserProfile& base) {
    uv1::UserProfile shown = base;
    for (const std::string& path : request.update_mask().paths()) {
        if (path == "display_name") shown.set_display_name(request.profile().display_name());
        if (path == "bio") shown.set_bio(request.profile().bio());
        if (path == "avatar_media_id") shown.set_avatar_media_id(request.profile().avatar_media_id());
    }
    const QString id = QString::fromStdString(base.id());
    DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE profiles SET display_name = ?, bio = ?, avatar_media_id = ?, pending "
                                         "= 1 WHERE id = ?"),
                          {QString::fromStdString(shown.display_name()), QString::fromStdString(shown.bio()),
                           QString::fromStdString(shown.avatar_media_id()), id}));
    return indexProfile(db, id, shown.username(), shown.display_name(), shown.bio());
}

Status enqueue(ReplicaDatabase& db, ActionKind kind, sv1::EntityKind entityKind, const QString& entityId,
               const google::protobuf::Message& request, const sv1::Change& before) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO pending_mutations (kind, entity_kind, entity_id, payload, "
                                         "created_at, before) VALUES (?, ?, ?, ?, ?, ?)"),
                          {static_cast<int>(kind), static_cast<int>(entityKind), entityId, bytesOf(request),
                           nowMicros(), bytesOf(before)}));
    return {};
}

// A post of the account's own that the replica holds; NotFound or PermissionDenied otherwise.
Result<sv1::Change> ownPost(ReplicaDatabase& db, const QString& accountId, const QString& postId) {
    DEVCOLL_TRY(auto before, postBefore(db, postId));
    if (!before) return makeError(ErrorCode::NotFound, "no such post");
    if (QString::fromStdString(before->post().author_id()) != accountId) {
        return makeError(ErrorCode::PermissionDenied, "only its author can change a post");
    }
    return *before;
}

Result<PendingAction> actionFrom(const QVariantList& r) {
    PendingAction a;
    a.seq = r[0].toLongLong();
    a.kind = static_cast<ActionKind>(r[1].toInt());
    a.entityKind = static_cast<sv1::EntityKind>(r[2].toInt());
    a.entityId = r[3].toString();
    a.request = r[4].toByteArray();
    a.attempts = r[5].toInt();
    return a;
}

// Edits made here on top of an action just confirmed were based on the version this device
// knew then (0 for a post not yet created): they build on the server's version now.
template <typename Request>
Status rebaseEditsOf(ReplicaDatabase& db, ActionKind kind, const std::string& entityId, qint64 version) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT seq, payload FROM pending_mutations WHERE kind = ? AND "
                                                    "entity_id = ? AND state = 'queued'"),
                                     {static_cast<int>(kind), QString::fromStdString(entityId)}));
    for (const QVariantList& r : rows) {
        Request request;
        const QByteArray bytes = r[1].toByteArray();
        if (!request.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) continue;
        request.set_expected_version(version);
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET payload = ? WHERE seq = ?"),
                              {bytesOf(request), r[0]}));
    }
    return {};
}

Status rebaseEdits(ReplicaDatabase& db, const sv1::Change& confirmed) {
    if (confirmed.has_post()) {
        return rebaseEditsOf<pv1::UpdatePostRequest>(db, ActionKind::EditPost, confirmed.entity_id(),
                                                     confirmed.post().version());
    }
    if (confirmed.has_profile()) {
        return rebaseEditsOf<uv1::UpdateProfileRequest>(db, ActionKind::EditProfile, confirmed.entity_id(),
                                                        confirmed.profile().version());
    }
    return {};
}

}  // namespace

Status enqueueAction(ReplicaDatabase& db, ActionKind kind, sv1::EntityKind entityKind, const QString& entityId,
                     const google::protobuf::Message& request, const sv1::Change& before) {
    return enqueue(db, kind, entityKind, entityId, request, before);
}

Result<QString> createPost(ReplicaDatabase& db, const QString& accountId, const QString& body, int visibility,
                           const QStringList& mediaIds) {
    const std::string text = body.toStdString();
    DEVCOLL_CHECK(checkText("body", text, 1, kMaxPostBody, true));
    if (!pv1::Visibility_IsValid(visibility) || visibility == pv1::VISIBILITY_UNSPECIFIED) {
        return invalidArgument("visibility", "must be public or followers");
    }
    if (mediaIds.size() > kMaxMedia) return invalidArgument("media_ids", "at most 4 media per post");
    for (const QString& m : mediaIds) {
        DEVCOLL_TRY(auto found,
                    db.select(QStringLiteral("SELECT 1 FROM media WHERE id = ? AND owner_id = ?"), {m, accountId}));
        if (found.isEmpty()) return invalidArgument("media_ids", "no image of yours with the id " + m.toStdString());
    }
    const QString id = QString::fromStdString(newUuidV7());
    const qint64 now = nowMicros();
    pv1::CreatePostRequest request;
    request.set_post_id(id.toStdString());
    request.set_body(text);
    request.set_visibility(static_cast<pv1::Visibility>(visibility));
    for (const QString& m : mediaIds) request.add_media_ids(m.toStdString());
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO posts (id, author_id, body, visibility, media_ids, "
                                             "created_at, updated_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                             "0, 1)"),
                              {id, accountId, body, visibility, mediaIds.join(QLatin1Char(' ')), now, now}));
        DEVCOLL_CHECK(indexPost(db, id, text));
        return enqueue(db, ActionKind::CreatePost, sv1::ENTITY_KIND_POST, id, request, gone(sv1::ENTITY_KIND_POST, id));
    }));
    return id;
}

Status editPost(ReplicaDatabase& db, const QString& accountId, const QString& postId, const QString& body) {
    const std::string text = body.toStdString();
    DEVCOLL_CHECK(checkText("body", text, 1, kMaxPostBody, true));
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(const sv1::Change before, ownPost(db, accountId, postId));
        pv1::UpdatePostRequest request;
        request.mutable_post()->set_id(postId.toStdString());
        request.mutable_post()->set_body(text);
        request.mutable_update_mask()->add_paths("body");
        request.set_expected_version(before.version());
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE posts SET body = ?, updated_at = ?, pending = 1 WHERE id = ?"),
                              {body, nowMicros(), postId}));
        DEVCOLL_CHECK(indexPost(db, postId, text));
        return enqueue(db, ActionKind::EditPost, sv1::ENTITY_KIND_POST, postId, request, before);
    });
}

Status deletePost(ReplicaDatabase& db, const QString& accountId, const QString& postId) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(const sv1::Change before, ownPost(db, accountId, postId));
        pv1::DeletePostRequest request;
        request.set_post_id(postId.toStdString());
        DEVCOLL_CHECK(removeEntity(db, sv1::ENTITY_KIND_POST, postId));
        return enqueue(db, ActionKind::DeletePost, sv1::ENTITY_KIND_POST, postId, request, before);
    });
}

Status likePost(ReplicaDatabase& db, const QString& accountId, const QString& postId, bool like) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto post, postBefore(db, postId));
        if (!post) return makeError(ErrorCode::NotFound, "no such post");
        const QString id = pairId(postId, accountId);
        DEVCOLL_TRY(auto existing, db.select(QStringLiteral("SELECT created_at, version FROM likes WHERE post_id = ? "
                                                            "AND user_id = ?"),
                                             {postId, accountId}));
        if (existing.isEmpty() != like) return {};  // already as asked
        sv1::Change before = gone(sv1::ENTITY_KIND_LIKE, id);
        if (!existing.isEmpty()) {
            before.set_tombstone(false);
            before.set_version(existing.first()[1].toLongLong());
            before.mutable_like()->set_post_id(postId.toStdString());
            before.mutable_like()->set_user_id(accountId.toStdString());
            *before.mutable_like()->mutable_created_at() =
                TimeUtil::MicrosecondsToTimestamp(existing.first()[0].toLongLong());
        }
        if (like) {
            DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO likes (post_id, user_id, created_at, version, pending) "
                                                 "VALUES (?, ?, ?, 0, 1)"),
                                  {postId, accountId, nowMicros()}));
            pv1::LikePostRequest request;
            request.set_post_id(postId.toStdString());
            return enqueue(db, ActionKind::LikePost, sv1::ENTITY_KIND_LIKE, id, request, before);
        }
        DEVCOLL_CHECK(removeEntity(db, sv1::ENTITY_KIND_LIKE, id));
        pv1::UnlikePostRequest request;
        request.set_post_id(postId.toStdString());
        return enqueue(db, ActionKind::UnlikePost, sv1::ENTITY_KIND_LIKE, id, request, before);
    });
}

Result<QString> commentOn(ReplicaDatabase& db, const QString& accountId, const QString& postId, const QString& body,
                          const QString& parentCommentId) {
    const std::string text = body.toStdString();
    DEVCOLL_CHECK(checkText("body", text, 1, kMaxCommentBody, true));
    const QString id = QString::fromStdString(newUuidV7());
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_TRY(auto post, postBefore(db, postId));
        if (!post) return makeError(ErrorCode::NotFound, "no such post");
        pv1::CreateCommentRequest request;
        request.set_comment_id(id.toStdString());
        request.set_post_id(postId.toStdString());
        request.set_parent_comment_id(parentCommentId.toStdString());
        request.set_body(text);
        DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO comments (id, post_id, parent_comment_id, author_id, body, "
                                             "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, 0, 1)"),
                              {id, postId, parentCommentId, accountId, body, nowMicros()}));
        return enqueue(db, ActionKind::CreateComment, sv1::ENTITY_KIND_COMMENT, id, request,
                       gone(sv1::ENTITY_KIND_COMMENT, id));
    }));
    return id;
}

Status follow(ReplicaDatabase& db, const QString& accountId, const QString& userId, bool follow) {
    if (userId == accountId) return invalidArgument("user_id", "you cannot follow yourself");
    return db.transact([&]() -> Status {
        const QString id = pairId(accountId, userId);
        DEVCOLL_TRY(auto existing, db.select(QStringLiteral("SELECT created_at, version FROM follows WHERE "
                                                            "follower_id = ? AND followee_id = ?"),
                                             {accountId, userId}));
        if (existing.isEmpty() != follow) return {};  // already as asked
        sv1::Change before = gone(sv1::ENTITY_KIND_FOLLOW, id);
        if (!existing.isEmpty()) {
            before.set_tombstone(false);
            before.set_version(existing.first()[1].toLongLong());
            before.mutable_follow()->set_follower_id(accountId.toStdString());
            before.mutable_follow()->set_followee_id(userId.toStdString());
            *before.mutable_follow()->mutable_created_at() =
                TimeUtil::MicrosecondsToTimestamp(existing.first()[0].toLongLong());
        }
        if (follow) {
            DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO follows (follower_id, followee_id, created_at, version, "
                                                 "pending) VALUES (?, ?, ?, 0, 1)"),
                                  {accountId, userId, nowMicros()}));
            uv1::FollowRequest request;
            request.set_user_id(userId.toStdString());
            return enqueue(db, ActionKind::Follow, sv1::ENTITY_KIND_FOLLOW, id, request, before);
        }
        DEVCOLL_CHECK(removeEntity(db, sv1::ENTITY_KIND_FOLLOW, id));
        uv1::UnfollowRequest request;
        request.set_user_id(userId.toStdString());
        return enqueue(db, ActionKind::Unfollow, sv1::ENTITY_KIND_FOLLOW, id, request, before);
    });
}

Status editProfile(ReplicaDatabase& db, const QString& accountId, const ProfileEdit& edit) {
    DEVCOLL_CHECK(checkText("profile.display_name", edit.displayName.toStdString(), 1, kMaxDisplayName));
    DEVCOLL_CHECK(checkText("profile.bio", edit.bio.toStdString(), 0, kMaxBio, true));
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto before, profileBefore(db, accountId));
        if (!before) return makeError(ErrorCode::NotFound, "your profile has not arrived from the server yet");
        const uv1::UserProfile& now = before->profile();
        uv1::UpdateProfileRequest request;
        request.set_expected_version(before->version());
        auto* mask = request.mutable_update_mask();
        if (edit.displayName.toStdString() != now.display_name()) {
            mask->add_paths("display_name");
            request.mutable_profile()->set_display_name(edit.displayName.toStdString());
        }
        if (edit.bio.toStdString() != now.bio()) {
            mask->add_paths("bio");
            request.mutable_profile()->set_bio(edit.bio.toStdString());
        }
        if (edit.avatarMediaId.toStdString() != now.avatar_media_id()) {
            mask->add_paths("avatar_media_id");
            request.mutable_profile()->set_avatar_media_id(edit.avatarMediaId.toStdString());
        }
        if (mask->paths().empty()) return {};  // nothing changed
        DEVCOLL_CHECK(showProfileEdit(db, request, now));
        return enqueue(db, ActionKind::EditProfile, sv1::ENTITY_KIND_PROFILE, accountId, request, *before);
    });
}

Result<std::optional<PendingAction>> nextAction(ReplicaDatabase& db, qint64 now) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT seq, kind, entity_kind, entity_id, payload, attempts, "
                                                    "next_attempt_at FROM pending_mutations WHERE state = 'queued' "
                                                    "ORDER BY seq LIMIT 1")));
    // Actions go in order: a head that waits for its retry holds the others back.
    if (rows.isEmpty() || rows.first()[6].toLongLong() > now) return std::optional<PendingAction>();
    DEVCOLL_TRY(PendingAction action, actionFrom(rows.first()));
    return std::optional<PendingAction>(std::move(action));
}

Result<qint64> nextAttemptAt(ReplicaDatabase& db) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT next_attempt_at FROM pending_mutations WHERE state = "
                                                    "'queued' ORDER BY seq LIMIT 1")));
    return rows.isEmpty() ? qint64{0} : rows.first()[0].toLongLong();
}

Status actionConfirmed(ReplicaDatabase& db, qint64 seq, const std::optional<sv1::Change>& confirmed) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT entity_kind, entity_id FROM pending_mutations WHERE "
                                                        "seq = ?"),
                                         {seq}));
        DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM pending_mutations WHERE seq = ?"), {seq}));
        if (confirmed) DEVCOLL_CHECK(applyChange(db, *confirmed));
        if (confirmed) DEVCOLL_CHECK(rebaseEdits(db, *confirmed));
        if (rows.isEmpty()) return {};
        // Nothing else waits on the entity: its row is confirmed (for kinds without a version
        // of their own, the server's copy arrives through the stream).
        const auto kind = static_cast<sv1::EntityKind>(rows.first()[0].toInt());
        const QString id = rows.first()[1].toString();
        DEVCOLL_TRY(auto waiting, db.select(QStringLiteral("SELECT 1 FROM pending_mutations WHERE entity_kind = ? AND "
                                                           "entity_id = ? AND state = 'queued'"),
                                            {static_cast<int>(kind), id}));
        if (!waiting.isEmpty()) return {};
        switch (kind) {
            case sv1::ENTITY_KIND_POST:
                DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE posts SET pending = 0 WHERE id = ?"), {id}));
                return {};
            case sv1::ENTITY_KIND_LIKE:
                DEVCOLL_CHECK(
                    db.exec(QStringLiteral("UPDATE likes SET pending = 0 WHERE post_id || ':' || user_id = ?"), {id}));
                return {};
            case sv1::ENTITY_KIND_FOLLOW:
                DEVCOLL_CHECK(db.exec(
                    QStringLiteral("UPDATE follows SET pending = 0 WHERE follower_id || ':' || followee_id = ?"),
                    {id}));
                return {};
            case sv1::ENTITY_KIND_COMMENT:
                DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE comments SET pending = 0 WHERE id = ?"), {id}));
                return {};
            case sv1::ENTITY_KIND_PROFILE:
                DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE profiles SET pending = 0 WHERE id = ?"), {id}));
                return {};
            case sv1::ENTITY_KIND_MEDIA:
                DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE media SET pending = 0 WHERE id = ?"), {id}));
                DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM media_upload_chunks WHERE media_id = ?"), {id}));
                return {};
            default:
                return {};
        }
    });
}

Status actionQuarantined(ReplicaDatabase& db, qint64 seq, const QString& error) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT entity_kind, entity_id, before FROM pending_mutations "
                                                        "WHERE seq = ?"),
                                         {seq}));
        if (rows.isEmpty()) return makeError(ErrorCode::NotFound, "no such action");
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET state = 'quarantined', error = ? WHERE seq "
                                             "= ?"),
                              {error, seq}));
        const auto kind = static_cast<sv1::EntityKind>(rows.first()[0].toInt());
        const QString entityId = rows.first()[1].toString();
        // The later actions on the same thing were built on this one (an edit of a post that
        // was never created): they go with it, and the entity goes back to before all of them.
        DEVCOLL_CHECK(
            db.exec(QStringLiteral("UPDATE pending_mutations SET state = 'quarantined', error = ? WHERE "
                                   "entity_kind = ? AND entity_id = ? AND state = 'queued' AND seq > ?"),
                    {QCoreApplication::translate("PendingActions", "An earlier change to this failed: %1").arg(error),
                     static_cast<int>(kind), entityId, seq}));
        // Undo its effect: the entity as it was before.
        DEVCOLL_CHECK(removeEntity(db, kind, entityId));
        sv1::Change before;
        const QByteArray bytes = rows.first()[2].toByteArray();
        if (!before.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) {
            return makeError(ErrorCode::Internal, "an action's earlier state cannot be read");
        }
        if (!before.tombstone() && before.entity_case() != sv1::Change::ENTITY_NOT_SET) {
            DEVCOLL_CHECK(applyChange(db, before));
        }
        if (kind == sv1::ENTITY_KIND_MEDIA) {
            // Posts waiting to show an image that will not be uploaded fail with it (a media id
            // is a UUID: found in a post's request, it is that post's).
            DEVCOLL_TRY(auto users, db.select(QStringLiteral("SELECT seq FROM pending_mutations WHERE state = 'queued' "
                                                             "AND kind = ? AND instr(payload, CAST(? AS BLOB)) > 0 "
                                                             "ORDER BY seq"),
                                              {static_cast<int>(ActionKind::CreatePost), entityId.toUtf8()}));
            for (const QVariantList& u : users) {
                DEVCOLL_CHECK(actionQuarantined(
                    db, u[0].toLongLong(),
                    QCoreApplication::translate("PendingActions", "An attached image could not be uploaded: %1")
                        .arg(error)));
            }
        }
        return {};
    });
}

Status actionInConflict(ReplicaDatabase& db, qint64 seq, const QString& error,
                        const std::optional<sv1::Change>& theirs) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT entity_kind, entity_id FROM pending_mutations WHERE "
                                                        "seq = ?"),
                                         {seq}));
        if (rows.isEmpty()) return makeError(ErrorCode::NotFound, "no such action");
        // Later edits of the same thing were made on top of this one: they wait with it.
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET state = 'conflict', error = ? WHERE "
                                             "entity_kind = ? AND entity_id = ? AND state = 'queued' AND seq >= ?"),
                              {error, rows.first()[0], rows.first()[1], seq}));
        // Nothing on the entity is queued now, so the server's version replaces the user's.
        if (theirs) DEVCOLL_CHECK(applyChange(db, *theirs));
        return {};
    });
}

Status actionRetryLater(ReplicaDatabase& db, qint64 seq, qint64 notBefore, const QString& error, int attempts) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET attempts = ?, next_attempt_at = ?, error = ? "
                                         "WHERE seq = ?"),
                          {attempts, notBefore, error, seq}));
    return {};
}

Result<QList<ActionIssue>> actionIssues(ReplicaDatabase& db) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT seq, kind, entity_id, state, error, payload FROM "
                                                    "pending_mutations WHERE state <> 'queued' ORDER BY seq")));
    QList<ActionIssue> issues;
    for (const QVariantList& r : rows) {
        ActionIssue issue{r[0].toLongLong(), static_cast<ActionKind>(r[1].toInt()),
                          r[2].toString(),   r[3].toString() == QLatin1String("conflict"),
                          r[4].toString(),   {}};
        if (issue.conflict && issue.kind == ActionKind::EditPost) {
            pv1::UpdatePostRequest request;
            const QByteArray bytes = r[5].toByteArray();
            if (request.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size())))
                issue.mine = QString::fromStdString(request.post().body());
        }
        issues.append(std::move(issue));
    }
    return issues;
}

namespace {

// The action `seq` in `state`, and the later ones on the same entity in that state (which
// failed or wait with it), oldest first: (seq, kind, payload).
Result<QList<QVariantList>> actionsFrom(ReplicaDatabase& db, qint64 seq, const QString& state) {
    DEVCOLL_TRY(auto head, db.select(QStringLiteral("SELECT entity_kind, entity_id FROM pending_mutations WHERE seq "
                                                    "= ? AND state = ?"),
                                     {seq, state}));
    if (head.isEmpty()) return makeError(ErrorCode::NotFound, "no such action waits for an answer");
    // The chain is answered from its start: a later action in it was built on the earlier.
    DEVCOLL_TRY(auto earlier, db.select(QStringLiteral("SELECT 1 FROM pending_mutations WHERE entity_kind = ? AND "
                                                       "entity_id = ? AND state = ? AND seq < ?"),
                                        {head.first()[0], head.first()[1], state, seq}));
    if (!earlier.isEmpty()) {
        return makeError(ErrorCode::FailedPrecondition,
                         "an earlier change to the same thing waits for an answer first");
    }
    return db.select(QStringLiteral("SELECT seq, kind, payload FROM pending_mutations WHERE entity_kind = ? AND "
                                    "entity_id = ? AND state = ? AND seq >= ? ORDER BY seq"),
                     {head.first()[0], head.first()[1], state, seq});
}

// Whether the user changed the entity again after the chain starting at `seq` (a newer action
// queued): then that newer change is their last word, not the chain.
Result<bool> changedSince(ReplicaDatabase& db, qint64 seq) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT 1 FROM pending_mutations n JOIN pending_mutations c ON "
                                                    "n.entity_kind = c.entity_kind AND n.entity_id = c.entity_id "
                                                    "WHERE c.seq = ? AND n.seq > c.seq AND n.state = 'queued'"),
                                     {seq}));
    return !rows.isEmpty();
}

}  // namespace

Status keepMine(ReplicaDatabase& db, qint64 seq) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto actions, actionsFrom(db, seq, QStringLiteral("conflict")));
        DEVCOLL_TRY(const bool newer, changedSince(db, seq));
        if (newer) {
            return makeError(ErrorCode::FailedPrecondition,
                             "you changed it again since; that change stands, discard this one");
        }
        // The user's last word on the thing, on top of the version the server has now: a
        // deletion in the chain wins; of post edits the last (each holds the whole text); of
        // profile edits all of them, field by field, the later over the earlier.
        const auto parse = [](const QVariant& payload, google::protobuf::Message& into) {
            const QByteArray bytes = payload.toByteArray();
            return into.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()));
        };
        QVariant kept;  // seq of the action that goes again
        QByteArray payload;
        sv1::Change theirs;
        const QVariantList last = actions.last();
        const auto lastKind = static_cast<ActionKind>(last[1].toInt());
        const auto deletion = std::find_if(actions.begin(), actions.end(), [](const QVariantList& a) {
            return static_cast<ActionKind>(a[1].toInt()) == ActionKind::DeletePost;
        });
        if (deletion != actions.end()) {
            pv1::DeletePostRequest request;
            if (!parse((*deletion)[2], request)) return makeError(ErrorCode::Internal, "an action cannot be read");
            const QString postId = QString::fromStdString(request.post_id());
            DEVCOLL_TRY(auto current, postBefore(db, postId));
            if (!current) return makeError(ErrorCode::NotFound, "the post was deleted meanwhile");
            theirs = *current;
            kept = (*deletion)[0];
            payload = (*deletion)[2].toByteArray();
            DEVCOLL_CHECK(removeEntity(db, sv1::ENTITY_KIND_POST, postId));
        } else if (lastKind == ActionKind::EditPost) {
            pv1::UpdatePostRequest request;
            if (!parse(last[2], request)) return makeError(ErrorCode::Internal, "an action cannot be read");
            const QString postId = QString::fromStdString(request.post().id());
            DEVCOLL_TRY(auto current, postBefore(db, postId));
            if (!current) return makeError(ErrorCode::NotFound, "the post was deleted meanwhile");
            theirs = *current;
            request.set_expected_version(theirs.version());
            kept = last[0];
            payload = bytesOf(request);
            DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE posts SET body = ?, updated_at = ?, pending = 1 WHERE id = ?"),
                                  {QString::fromStdString(request.post().body()), nowMicros(), postId}));
            DEVCOLL_CHECK(indexPost(db, postId, request.post().body()));
        } else if (lastKind == ActionKind::EditProfile) {
            uv1::UpdateProfileRequest merged;
            for (const QVariantList& a : actions) {
                uv1::UpdateProfileRequest edit;
                if (!parse(a[2], edit)) return makeError(ErrorCode::Internal, "an action cannot be read");
                for (const std::string& path : edit.update_mask().paths()) {
                    const auto& paths = merged.update_mask().paths();
                    if (std::find(paths.begin(), paths.end(), path) == paths.end())
                        merged.mutable_update_mask()->add_paths(path);
                    if (path == "display_name")
                        merged.mutable_profile()->set_display_name(edit.profile().display_name());
                    if (path == "bio") merged.mutable_profile()->set_bio(edit.profile().bio());
                    if (path == "avatar_media_id")
                        merged.mutable_profile()->set_avatar_media_id(edit.profile().avatar_media_id());
                }
            }
            DEVCOLL_TRY(auto rows,
                        db.select(QStringLiteral("SELECT entity_id FROM pending_mutations WHERE seq = ?"), {last[0]}));
            DEVCOLL_TRY(auto current, profileBefore(db, rows.first()[0].toString()));
            if (!current) return makeError(ErrorCode::NotFound, "the profile is gone");
            theirs = *current;
            merged.set_expected_version(theirs.version());
            kept = last[0];
            payload = bytesOf(merged);
            DEVCOLL_CHECK(showProfileEdit(db, merged, theirs.profile()));
        } else {
            return makeError(ErrorCode::FailedPrecondition, "only an edit can be kept over the server's version");
        }
        for (const QVariantList& a : actions) {
            if (a[0] == kept) continue;
            DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM pending_mutations WHERE seq = ?"), {a[0]}));
        }
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET state = 'queued', error = '', attempts = "
                                             "0, next_attempt_at = 0, payload = ?, before = ? WHERE seq = ?"),
                              {payload, bytesOf(theirs), kept}));
        return {};
    });
}

Status retryAction(ReplicaDatabase& db, qint64 seq) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto actions, actionsFrom(db, seq, QStringLiteral("quarantined")));
        for (const QVariantList& a : actions) {
            DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE pending_mutations SET state = 'queued', error = '', "
                                                 "attempts = 0, next_attempt_at = 0 WHERE seq = ?"),
                                  {a[0]}));
        }
        // Undone again, the action must not bring back what the server has sent since it
        // failed: its "before" becomes the replica's row as it is now.
        DEVCOLL_TRY(auto head, db.select(QStringLiteral("SELECT entity_kind, entity_id FROM pending_mutations WHERE "
                                                        "seq = ?"),
                                         {seq}));
        const auto kind = static_cast<sv1::EntityKind>(head.first()[0].toInt());
        const QString id = head.first()[1].toString();
        std::optional<sv1::Change> now;
        if (kind == sv1::ENTITY_KIND_POST) {
            DEVCOLL_TRY(now, postBefore(db, id));
        } else if (kind == sv1::ENTITY_KIND_PROFILE) {
            DEVCOLL_TRY(now, profileBefore(db, id));
        }
        if (now)
            DEVCOLL_CHECK(
                db.exec(QStringLiteral("UPDATE pending_mutations SET before = ? WHERE seq = ?"), {bytesOf(*now), seq}));
        return {};
    });
}

Status discardAction(ReplicaDatabase& db, qint64 seq) {
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto state, db.select(QStringLiteral("SELECT state FROM pending_mutations WHERE seq = ?"), {seq}));
        if (state.isEmpty() || state.first()[0].toString() == QLatin1String("queued")) {
            return makeError(ErrorCode::NotFound, "no such action waits for an answer");
        }
        DEVCOLL_TRY(auto actions, actionsFrom(db, seq, state.first()[0].toString()));
        for (const QVariantList& a : actions) {
            DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM pending_mutations WHERE seq = ?"), {a[0]}));
        }
        // An upload given up: its bytes are no longer needed.
        DEVCOLL_CHECK(
            db.exec(QStringLiteral("DELETE FROM media_upload_chunks WHERE media_id NOT IN (SELECT entity_id FROM "
                                   "pending_mutations WHERE entity_kind = ?)"),
                    {static_cast<int>(sv1::ENTITY_KIND_MEDIA)}));
        return {};
    });
}

Status retryQueuedNow(ReplicaDatabase& db) {
    DEVCOLL_CHECK(
        db.exec(QStringLiteral("UPDATE pending_mutations SET next_attempt_at = 0 WHERE state = 'queued' AND "
                               "next_attempt_at > 0")));
    return {};
}

Result<int> pendingActionCount(ReplicaDatabase& db) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT COUNT(*) FROM pending_mutations WHERE state = 'queued'")));
    return rows.first()[0].toInt();
}

}  // namespace devcoll::app
