#include "store/pending_actions.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include <QCoreApplication>
#include <QDateTime>

#include "devcoll/ids.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "devcoll/validation.h"
#include "store/moderation_queue.h"
#include "store/replica_changes.h"
#include "store/replica_rows.h"

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

QString pairId(const QString& first, const QString& second) { return first + QLatin1Char(':') + second; }

sv1::Change gone(sv1::EntityKind kind, const QString& id) {
    sv1::Change c;
    c.set_kind(kind);
    c.set_entity_id(id.toStdString());
    c.set_tombstone(true);
    return c;
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
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT entity_kind, entity_id, kind FROM pending_mutations "
                                                        "WHERE seq = ?"),
                                         {seq}));
        if (!rows.isEmpty() && isModerationAction(static_cast<ActionKind>(rows.first()[2].toInt()))) {
            DEVCOLL_CHECK(moderationSettled(db, rows.first()[1].toString(), true, {}));
        }
        DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM pending_mutations WHERE seq = ?"), {seq}));
        if (confirmed) DEVCOLL_CHECK(applyChange(db, *confirmed));
        if (confirmed) DEVCOLL_CHECK(rebaseEdits(db, *confirmed));
        if (rows.isEmpty()) return {};
        // Nothing else waits on the entity: its row is confirmed (for kinds without a version
        // of their own, the server's copy arrives through the stream).
        const auto kind = static_cast<sv1::EntityKind>(rows.first()[0].toInt());
        const QString id = rows.first()[1].toString();
        DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT OR IGNORE INTO confirmed_unsynced (entity_kind, entity_id) "
                                             "VALUES (?, ?)"),
                              {static_cast<int>(kind), id}));
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
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT entity_kind, entity_id, before, kind FROM "
                                                        "pending_mutations WHERE seq = ?"),
                                         {seq}));
        if (rows.isEmpty()) return makeError(ErrorCode::NotFound, "no such action");
        if (isModerationAction(static_cast<ActionKind>(rows.first()[3].toInt()))) {
            DEVCOLL_CHECK(moderationSettled(db, rows.first()[1].toString(), false, error));
        }
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
