#pragma once
// What the user does on this device: each action changes the replica at once (optimistic,
// the rows marked pending) and joins the queue of actions to send, in the same transaction, so
// a crash keeps both or neither. Ids of new things are chosen here (UUIDv7), which makes a
// resent create harmless. The sender (app/sync) takes the queue in order and reports each
// outcome back here: confirmed, failed for good (quarantined, its effect undone), in conflict
// with a newer version on the server (kept for the user to decide), or to retry later.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "store/replica_database.h"

namespace devcoll::app {

// Numbers stored in pending_mutations.kind: never renumber.
enum class ActionKind : int {
    CreatePost = 1,
    EditPost = 2,
    DeletePost = 3,
    LikePost = 4,
    UnlikePost = 5,
    CreateComment = 6,
    Follow = 7,
    Unfollow = 8,
    EditProfile = 9,
    UploadMedia = 10,  // request: devcoll.media.v1.UploadMetadata (store/media_attachments.h)
    // A moderator's decisions on a report (store/moderation_queue.h); entity_id: the report.
    DismissReport = 11,
    HidePost = 12,
    RemovePost = 13,
    HideComment = 14,
    RemoveComment = 15,
    SuspendUser = 16,
    // request: devcoll.notification.v1.MarkNotificationsReadRequest; entity_id: the account
    // (store/replica_notifications.h).
    MarkNotificationsRead = 17,
    // request: devcoll.notification.v1.UpdateNotificationPreferencesRequest; entity_id: the account.
    UpdateNotificationPreferences = 18,
};

struct PendingAction final {
    qint64 seq = 0;
    ActionKind kind = ActionKind::CreatePost;
    sync::v1::EntityKind entityKind = sync::v1::ENTITY_KIND_UNSPECIFIED;
    QString entityId;
    QByteArray request;  // the RPC's request message, protobuf binary
    int attempts = 0;
};

// The user's actions. Text is checked as the server checks it (InvalidArgument naming the
// field); a post or profile the replica does not hold is NotFound.
Result<QString> createPost(ReplicaDatabase& db, const QString& accountId, const QString& body, int visibility,
                           const QStringList& mediaIds = {});
Status editPost(ReplicaDatabase& db, const QString& accountId, const QString& postId, const QString& body);
Status deletePost(ReplicaDatabase& db, const QString& accountId, const QString& postId);
Status likePost(ReplicaDatabase& db, const QString& accountId, const QString& postId, bool like);
Result<QString> commentOn(ReplicaDatabase& db, const QString& accountId, const QString& postId, const QString& body,
                          const QString& parentCommentId = {});
Status follow(ReplicaDatabase& db, const QString& accountId, const QString& userId, bool follow);
// The account's own profile; only the fields that differ from the replica's are sent, so that
// keeping an edit of the bio over another device's edit of the name keeps both.
struct ProfileEdit final {
    QString displayName;
    QString bio;
    QString avatarMediaId;
};
Status editProfile(ReplicaDatabase& db, const QString& accountId, const ProfileEdit& edit);

// Queues an action whose effect the caller applied in its transaction; `before` (the entity as
// it was, or a tombstone) undoes it. For actions defined elsewhere (media_attachments.h).
Status enqueueAction(ReplicaDatabase& db, ActionKind kind, sync::v1::EntityKind entityKind, const QString& entityId,
                     const google::protobuf::Message& request, const sync::v1::Change& before);

// The queue, for the sender. The oldest queued action if it may be tried at `now`
// (microseconds); nothing when the queue is empty or its head waits for a retry.
Result<std::optional<PendingAction>> nextAction(ReplicaDatabase& db, qint64 now);
// When the head of the queue may be tried again (0: nothing waits).
Result<qint64> nextAttemptAt(ReplicaDatabase& db);
// The server confirmed it: the action leaves the queue and `confirmed` (the entity as the
// server has it now, if the answer carried one) replaces the pending row; edits of that post
// still queued now build on its confirmed version.
Status actionConfirmed(ReplicaDatabase& db, qint64 seq, const std::optional<sync::v1::Change>& confirmed);
// Failed for good: kept with `error` for the user (retry or discard), its effect undone.
Status actionQuarantined(ReplicaDatabase& db, qint64 seq, const QString& error);
// The server holds a newer version: the action (and what was queued on top of it) is kept with
// the user's version in its request, and the server's copy (`theirs`) goes into the replica;
// the user then keeps one of the two (keepMine, discardAction).
Status actionInConflict(ReplicaDatabase& db, qint64 seq, const QString& error,
                        const std::optional<sync::v1::Change>& theirs);
// The network is back (or the user asked): actions waiting for a retry may go now.
Status retryQueuedNow(ReplicaDatabase& db);
// A transient failure: try again at `notBefore`; `attempts` failed so far.
Status actionRetryLater(ReplicaDatabase& db, qint64 seq, qint64 notBefore, const QString& error, int attempts);
// Actions that need the user: quarantined (failed for good) or in conflict, oldest first.
struct ActionIssue final {
    qint64 seq = 0;
    ActionKind kind = ActionKind::CreatePost;
    QString entityId;
    bool conflict = false;  // else quarantined
    QString error;
    QString mine;  // in a conflict over a post's edit: the text the user wrote
};
Result<QList<ActionIssue>> actionIssues(ReplicaDatabase& db);
// The user's answers to an issue, given for the first of the actions on the same thing that
// failed or wait with it (FailedPrecondition for a later one), and taking all of them. keepMine:
// the user's last word goes again, on top of the server's version (a post's last text, all the
// profile fields edited, or a deletion if one is among them); NotFound if the thing is gone,
// FailedPrecondition if the user changed it again since. retryAction: a quarantined action is queued again; its
// effect shows when the server confirms it. discardAction: the action is dropped and the
// replica keeps the server's version.
Status keepMine(ReplicaDatabase& db, qint64 seq);
Status retryAction(ReplicaDatabase& db, qint64 seq);
Status discardAction(ReplicaDatabase& db, qint64 seq);
// Actions still to send (queued), for the sync status.
Result<int> pendingActionCount(ReplicaDatabase& db);

}  // namespace devcoll::app
