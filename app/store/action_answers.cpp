// The queue's issues and the user's answers to them (declared in store/pending_actions.h):
// which actions failed for good or are in conflict, and keeping one's own version, retrying
// or discarding.
#include <QCoreApplication>

#include <algorithm>

#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "store/moderation_queue.h"
#include "store/pending_actions.h"
#include "store/replica_changes.h"
#include "store/replica_rows.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

}  // namespace

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
        DEVCOLL_TRY(auto head, db.select(QStringLiteral("SELECT entity_kind, entity_id, kind FROM pending_mutations "
                                                        "WHERE seq = ?"),
                                         {seq}));
        const auto kind = static_cast<sv1::EntityKind>(head.first()[0].toInt());
        const QString id = head.first()[1].toString();
        const auto action = static_cast<ActionKind>(head.first()[2].toInt());
        if (isModerationAction(action)) DEVCOLL_CHECK(moderationRequeued(db, id, action));
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

}  // namespace devcoll::app
