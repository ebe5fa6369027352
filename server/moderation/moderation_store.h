#pragma once
// ModerationStore: reports, the audit log of moderators' actions, and what is in force (hidden
// posts, suspended accounts) on the moderation service's database. An action, the report it
// resolves and the event that carries it out are written in one transaction.
#include <optional>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/moderation/v1/moderation.pb.h"
#include "devcoll/result.h"
#include "platform/events/outbox_relay.h"
#include "platform/storage/database.h"

namespace devcoll::moderation {

namespace v1 = devcoll::moderation::v1;

// What was reported, as the reporter saw it.
struct SubjectSnapshot final {
    v1::SubjectKind kind = v1::SUBJECT_KIND_UNSPECIFIED;
    std::string id;
    std::string authorId;
    std::string excerpt;
};

struct ComplaintInput final {
    std::string reporterId;
    v1::ReportReason reason = v1::REPORT_REASON_UNSPECIFIED;
    std::string note;
};

// How many reports one user may file in an hour.
inline constexpr int kReportsPerHour = 20;

// A position in the report queue or the audit log: a creation time and an id.
struct ReportCursor final {
    std::int64_t createdAt = 0;
    std::string id;
};

// One action a moderator asks for. `id` is the client's (an offline action's retry) or new.
struct ActionRequest final {
    std::string id;
    v1::ActionKind kind = v1::ACTION_KIND_UNSPECIFIED;
    std::string moderatorId;
    v1::Subject subject;
    std::string affectedUserId;
    std::string reason;
    std::string reportId;             // DISMISS: the report to close
    std::int64_t suspendedUntil = 0;  // SUSPEND: 0 for good
    bool periodEnded = false;         // UNSUSPEND by the sweep: lifts only a suspension that ended
    std::string requestId;
    bool replayed = false;  // an action with this id exists: act() answers with it
};

class ModerationStore final {
public:
    ModerationStore(storage::Database& db, events::OutboxRelay& relay) : m_db(db), m_relay(relay) {}

    // Files a complaint: into the open report about the subject, or a new one.
    // ResourceExhausted (with a retry hint) past kReportsPerHour.
    Result<v1::Report> report(const SubjectSnapshot& subject, const ComplaintInput& complaint);
    Result<std::vector<v1::Report>> reports(v1::ReportState state, v1::SubjectKind kind,
                                            const std::optional<ReportCursor>& after, int limit);
    Result<std::optional<v1::Report>> reportById(const std::string& id);
    // Other reports about `authorId`, newest first.
    Result<std::vector<v1::Report>> reportsAbout(const std::string& authorId, const std::string& exceptId, int limit);
    // The audit log, newest first, below `before` (from the newest when absent);
    // `affectedUserId` "" for everyone.
    Result<std::vector<v1::Action>> actions(const std::string& affectedUserId,
                                            const std::optional<ReportCursor>& before, int limit);
    Result<bool> actionExists(const std::string& id);
    // The author of the open report about a subject, if one is open.
    Result<std::optional<std::string>> openReportAuthor(const v1::Subject& subject);

    // Carries out an action: FailedPrecondition when another moderator's action made it moot
    // (the post is already hidden, the report already resolved...), naming that action. A
    // retried action (same id, same kind and subject) returns what it did the first time.
    Result<v1::Action> act(const ActionRequest& request);

    // FailedPrecondition naming the removal when a moderator removed the post or comment:
    // nothing more can be done to it (and the post service no longer shows it to look it up).
    Status notRemoved(const v1::Subject& subject);

    // Roles as auth granted them (USER_ROLES_CHANGED); an event older than the last applied
    // changes nothing.
    Status applyRoles(storage::Tx& tx, const events::v1::RolesChanged& change, std::int64_t asOf);
    Result<std::vector<std::string>> rolesOf(const std::string& userId);
    // Accounts whose suspension for a period has ended but is still on record.
    Result<std::vector<std::string>> endedSuspensions(int limit);

private:
    Result<v1::Report> withComplaints(storage::Tx& tx, v1::Report report);
    Result<std::vector<v1::Report>> withComplaints(storage::Tx& tx, const storage::Rows& rows);
    // Changes what is in force (hidden posts, suspensions, the report's state), or says which
    // action made this one moot.
    Status changeInForce(storage::Tx& tx, const ActionRequest& request);
    Status publish(storage::Tx& tx, const v1::Action& action, const std::string& requestId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
};

}  // namespace devcoll::moderation
