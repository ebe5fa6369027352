#pragma once
// The moderation queue on this device, for moderators: the open reports last fetched from the
// server (table moderation_reports), and the moderator's decisions on them, which join the
// queue of actions like any other change and are sent when the server can be reached. Each
// decision carries an action id chosen here, so that a resend after a lost answer is carried
// out once. When another moderator acted first, the server refuses the decision; the report
// then shows why (and the action waits in "Unsent changes" to be discarded).
#include <QList>
#include <QString>

#include <google/protobuf/timestamp.pb.h>

#include "devcoll/result.h"
#include "store/pending_actions.h"
#include "store/replica_database.h"

namespace devcoll::app {

// Numbers stored in moderation_reports.decision: never renumber.
enum class ModerationDecision : int {
    None = 0,
    Dismiss = 1,        // close the report, nothing done to its subject
    Hide = 2,           // hide the post or comment (it can be shown again)
    Remove = 3,         // remove the post or comment for good
    SuspendAuthor = 4,  // suspend the account that wrote it (or the reported account) for 7 days
};

struct ReportRow final {
    QString id;
    int subjectKind = 0;  // devcoll.moderation.v1.SubjectKind
    QString subjectId;
    QString authorId;
    QString authorUsername;  // empty when it could not be looked up
    QString excerpt;
    QList<int> reasons;  // devcoll.moderation.v1.ReportReason of each complaint
    int complaints = 0;
    qint64 createdAt = 0;  // microseconds
    ModerationDecision decision = ModerationDecision::None;
    QString error;  // why the server refused the last decision
};

// How long SuspendAuthor suspends.
inline constexpr qint64 kSuspensionDays = 7;

// Replaces the cached queue with the server's open reports, oldest first; reports with a
// decision still waiting to be sent stay as they are.
Status storeOpenReports(ReplicaDatabase& db, const QList<ReportRow>& reports);
// The cached queue, oldest first.
Result<QList<ReportRow>> cachedReports(ReplicaDatabase& db);
// Queues the moderator's decision on a report. InvalidArgument for a reason that is empty or
// too long, or a decision that does not fit the subject (hiding a user); NotFound for a report
// not in the queue; FailedPrecondition when a decision on it already waits.
Status decide(ReplicaDatabase& db, const QString& reportId, ModerationDecision decision, const QString& reason);

// For the action queue: whether `kind` is a moderation decision, and what its outcome does to
// the cached report (confirmed: it leaves the queue; refused: it shows `error` and may be
// decided again).
bool isModerationAction(ActionKind kind);
Status moderationSettled(ReplicaDatabase& db, const QString& reportId, bool confirmed, const QString& error);
// A refused decision the moderator sends again (retryAction): the report waits on it again.
Status moderationRequeued(ReplicaDatabase& db, const QString& reportId, ActionKind kind);
ModerationDecision decisionOf(ActionKind kind);
// The end of a SuspendAuthor suspension sent now: kSuspensionDays from the moment it is sent,
// however long it waited offline.
google::protobuf::Timestamp suspensionFromNow();

}  // namespace devcoll::app
