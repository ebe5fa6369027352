#include "moderation/moderation_store.h"

#include "devcoll/ids.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"
#include "platform/storage/text_list.h"

namespace devcoll::moderation {
namespace {

using storage::Row;
using storage::Tx;

constexpr std::int64_t kHourMicros = 3600LL * 1'000'000;
constexpr std::int64_t kOpen = v1::REPORT_STATE_OPEN;

v1::Report reportFrom(const Row& r) {
    v1::Report report;
    report.set_id(r.text(0));
    report.mutable_subject()->set_kind(static_cast<v1::SubjectKind>(r.integer(1)));
    report.mutable_subject()->set_id(r.text(2));
    report.set_subject_author_id(r.text(3));
    report.set_subject_excerpt(r.text(4));
    report.set_state(static_cast<v1::ReportState>(r.integer(5)));
    *report.mutable_created_at() = toTimestamp(r.integer(6));
    report.set_resolved_by_action_id(r.text(7));
    if (r.integer(8) != 0) *report.mutable_resolved_at() = toTimestamp(r.integer(8));
    return report;
}

v1::Action actionFrom(const Row& r) {
    v1::Action action;
    action.set_id(r.text(0));
    action.set_kind(static_cast<v1::ActionKind>(r.integer(1)));
    action.set_moderator_id(r.text(2));
    action.mutable_subject()->set_kind(static_cast<v1::SubjectKind>(r.integer(3)));
    action.mutable_subject()->set_id(r.text(4));
    action.set_affected_user_id(r.text(5));
    action.set_reason(r.text(6));
    action.set_report_id(r.text(7));
    *action.mutable_created_at() = toTimestamp(r.integer(8));
    if (r.integer(9) != 0) *action.mutable_suspended_until() = toTimestamp(r.integer(9));
    return action;
}

Error moot(const std::string& what, const std::string& actionId) {
    return makeError(ErrorCode::FailedPrecondition, what + " (by moderation action " + actionId + ")")
        .withDetail("conflicting-action-id", actionId);
}

}  // namespace

Result<v1::Report> ModerationStore::withComplaints(Tx& tx, v1::Report report) {
    DEVCOLL_TRY(auto rows, tx.run("complaints_of", {report.id()}));
    for (const Row& r : rows) {
        v1::Complaint* c = report.add_complaints();
        c->set_reporter_id(r.text(0));
        c->set_reason(static_cast<v1::ReportReason>(r.integer(1)));
        c->set_note(r.text(2));
        *c->mutable_created_at() = toTimestamp(r.integer(3));
    }
    return report;
}

Result<std::vector<v1::Report>> ModerationStore::withComplaints(Tx& tx, const storage::Rows& rows) {
    std::vector<v1::Report> out;
    for (const Row& r : rows) {
        DEVCOLL_TRY(auto report, withComplaints(tx, reportFrom(r)));
        out.push_back(std::move(report));
    }
    return out;
}

Result<v1::Report> ModerationStore::report(const SubjectSnapshot& subject, const ComplaintInput& complaint) {
    return m_db.transact([&](Tx& tx) -> Result<v1::Report> {
        const std::int64_t now = nowMicros();
        DEVCOLL_TRY(auto recent, tx.run("recent_complaints_by", {complaint.reporterId, now - kHourMicros}));
        if (recent[0].integer(0) >= kReportsPerHour) {
            const std::int64_t wait = (recent[0].integer(1) + kHourMicros - now) / 1'000'000 + 1;
            return tooMany("too many reports in the last hour (at most " + std::to_string(kReportsPerHour) + ")", wait);
        }
        const std::int64_t kind = subject.kind;
        DEVCOLL_TRY(auto open, tx.run("open_report_of", {kind, subject.id}));
        if (open.empty()) {
            DEVCOLL_CHECK(
                tx.run("insert_report", {newUuidV7(), kind, subject.id, subject.authorId, subject.excerpt, now}));
            // A report opened by a parallel complaint wins the unique index; either way one is open now.
            DEVCOLL_TRY(open, tx.run("open_report_of", {kind, subject.id}));
            if (open.empty()) return makeError(ErrorCode::Unavailable, "report changed meanwhile; retry");
        }
        v1::Report report = reportFrom(open[0]);
        DEVCOLL_CHECK(tx.run("upsert_complaint",
                             {report.id(), complaint.reporterId, std::int64_t{complaint.reason}, complaint.note, now}));
        return withComplaints(tx, std::move(report));
    });
}

Result<std::vector<v1::Report>> ModerationStore::reports(v1::ReportState state, v1::SubjectKind kind,
                                                         const std::optional<ReportCursor>& after, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::Report>> {
        DEVCOLL_TRY(auto rows, tx.run("reports_page", {std::int64_t{state}, std::int64_t{kind},
                                                       after ? after->createdAt : std::int64_t{-1},
                                                       after ? after->id : std::string(), std::int64_t{limit}}));
        return withComplaints(tx, rows);
    });
}

Result<std::optional<v1::Report>> ModerationStore::reportById(const std::string& id) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<v1::Report>> {
        DEVCOLL_TRY(auto rows, tx.run("report_by_id", {id}));
        if (rows.empty()) return std::optional<v1::Report>{};
        DEVCOLL_TRY(auto report, withComplaints(tx, reportFrom(rows[0])));
        return std::optional(std::move(report));
    });
}

Result<std::vector<v1::Report>> ModerationStore::reportsAbout(const std::string& authorId, const std::string& exceptId,
                                                              int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::Report>> {
        DEVCOLL_TRY(auto rows, tx.run("reports_about_author", {authorId, exceptId, std::int64_t{limit}}));
        return withComplaints(tx, rows);
    });
}

Result<std::vector<v1::Action>> ModerationStore::actions(const std::string& affectedUserId,
                                                         const std::optional<ReportCursor>& before, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::Action>> {
        DEVCOLL_TRY(auto rows, tx.run("actions_page", {affectedUserId, before ? before->createdAt : std::int64_t{-1},
                                                       before ? before->id : std::string(), std::int64_t{limit}}));
        std::vector<v1::Action> out;
        for (const Row& r : rows) out.push_back(actionFrom(r));
        return out;
    });
}

Result<bool> ModerationStore::actionExists(const std::string& id) {
    return m_db.read([&](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto rows, tx.run("action_by_id", {id}));
        return !rows.empty();
    });
}

Result<std::optional<std::string>> ModerationStore::openReportAuthor(const v1::Subject& subject) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<std::string>> {
        DEVCOLL_TRY(auto rows, tx.run("open_report_of", {std::int64_t{subject.kind()}, subject.id()}));
        if (rows.empty()) return std::optional<std::string>{};
        return std::optional(rows[0].text(3));
    });
}

Status ModerationStore::changeInForce(Tx& tx, const ActionRequest& request) {
    // Each action's own write is its guard: of two moderators acting at once, the second's write
    // changes nothing (PostgreSQL makes it wait for the first's commit, SQLite serialises them),
    // and that is the conflict, reported with the action that won.
    const std::string& subject = request.subject.id();
    const char* thing = request.subject.kind() == v1::SUBJECT_KIND_COMMENT ? "comment" : "post";
    if (request.kind != v1::ACTION_KIND_DISMISS && request.subject.kind() != v1::SUBJECT_KIND_USER) {
        // In the action's transaction: a removal committed meanwhile makes this one moot.
        DEVCOLL_TRY(auto removed, tx.run(std::string("removed_") + thing, {subject}));
        if (!removed.empty()) return moot(std::string("the ") + thing + " was removed", removed[0].text(0));
    }
    switch (request.kind) {
        case v1::ACTION_KIND_DISMISS: {
            DEVCOLL_TRY(auto resolved, tx.run("resolve_report", {request.reportId, request.id, nowMicros()}));
            if (resolved.affected > 0) return {};
            DEVCOLL_TRY(auto rows, tx.run("report_by_id", {request.reportId}));
            if (rows.empty()) return makeError(ErrorCode::NotFound, "report_id: no such report");
            return moot("the report is already resolved", reportFrom(rows[0]).resolved_by_action_id());
        }
        case v1::ACTION_KIND_HIDE_POST:
        case v1::ACTION_KIND_HIDE_COMMENT:
        case v1::ACTION_KIND_REMOVE_POST:
        case v1::ACTION_KIND_REMOVE_COMMENT: {
            // Posts and comments have the same tables: hidden_posts, removed_comments...
            const bool hide = request.kind == v1::ACTION_KIND_HIDE_POST || request.kind == v1::ACTION_KIND_HIDE_COMMENT;
            const std::string table = std::string(hide ? "hidden_" : "removed_") + thing;
            DEVCOLL_TRY(auto done, tx.run("insert_" + table, {subject, request.affectedUserId, request.id}));
            if (done.affected == 0) {
                DEVCOLL_TRY(auto rows, tx.run(table, {subject}));
                return moot(std::string("the ") + thing + (hide ? " is already hidden" : " is already removed"),
                            rows.empty() ? std::string() : rows[0].text(0));
            }
            if (!hide)
                DEVCOLL_CHECK(tx.run("delete_hidden_" + std::string(thing), {subject}));  // nothing to show again
            return {};
        }
        case v1::ACTION_KIND_UNHIDE_POST:
        case v1::ACTION_KIND_UNHIDE_COMMENT: {
            DEVCOLL_TRY(auto shown, tx.run("delete_hidden_" + std::string(thing), {subject}));
            if (shown.affected > 0) return {};
            return makeError(ErrorCode::FailedPrecondition,
                             std::string(thing) + "_id: the " + thing + " is not hidden");
        }
        case v1::ACTION_KIND_SUSPEND_USER:
            // A new suspension replaces the one in force: its period may change.
            DEVCOLL_CHECK(tx.run("upsert_suspended_account", {subject, request.suspendedUntil, request.id}));
            return {};
        case v1::ACTION_KIND_UNSUSPEND_USER: {
            const std::int64_t now = nowMicros();
            DEVCOLL_TRY(auto lifted, request.periodEnded ? tx.run("delete_ended_suspension", {subject, now})
                                                         : tx.run("delete_suspension_in_force", {subject, now}));
            if (lifted.affected > 0) return {};
            return makeError(ErrorCode::FailedPrecondition, "user_id: the account is not suspended");
        }
        default:
            return makeError(ErrorCode::Internal, "unknown moderation action");
    }
}

Status ModerationStore::publish(Tx& tx, const v1::Action& action, const std::string& requestId) {
    using events::v1::EventType;
    EventType type = events::v1::EVENT_TYPE_UNSPECIFIED;
    switch (action.kind()) {
        case v1::ACTION_KIND_HIDE_POST:
            type = events::v1::EVENT_TYPE_POST_HIDDEN;
            break;
        case v1::ACTION_KIND_UNHIDE_POST:
            type = events::v1::EVENT_TYPE_POST_UNHIDDEN;
            break;
        case v1::ACTION_KIND_REMOVE_POST:
            type = events::v1::EVENT_TYPE_POST_REMOVED;
            break;
        case v1::ACTION_KIND_HIDE_COMMENT:
            type = events::v1::EVENT_TYPE_COMMENT_HIDDEN;
            break;
        case v1::ACTION_KIND_UNHIDE_COMMENT:
            type = events::v1::EVENT_TYPE_COMMENT_UNHIDDEN;
            break;
        case v1::ACTION_KIND_REMOVE_COMMENT:
            type = events::v1::EVENT_TYPE_COMMENT_REMOVED;
            break;
        case v1::ACTION_KIND_SUSPEND_USER:
            type = events::v1::EVENT_TYPE_USER_SUSPENDED;
            break;
        case v1::ACTION_KIND_UNSUSPEND_USER:
            type = events::v1::EVENT_TYPE_USER_UNSUSPENDED;
            break;
        default:
            return {};  // a dismissal changes nothing elsewhere
    }
    // Moderation's own count of actions on the subject orders its events per aggregate.
    DEVCOLL_TRY(auto count, tx.run("count_actions_on", {std::int64_t{action.subject().kind()}, action.subject().id()}));
    auto event = events::newEnvelope(type, action.subject().id(), count[0].integer(0), "moderation");
    event.set_request_id(requestId);
    if (action.subject().kind() == v1::SUBJECT_KIND_POST) {
        auto* p = type == events::v1::EVENT_TYPE_POST_HIDDEN     ? event.mutable_post_hidden()
                  : type == events::v1::EVENT_TYPE_POST_UNHIDDEN ? event.mutable_post_unhidden()
                                                                 : event.mutable_post_removed();
        p->set_post_id(action.subject().id());
        p->set_author_id(action.affected_user_id());
        p->set_action_id(action.id());
        p->set_reason(action.reason());
    } else if (action.subject().kind() == v1::SUBJECT_KIND_COMMENT) {
        auto* c = type == events::v1::EVENT_TYPE_COMMENT_HIDDEN     ? event.mutable_comment_hidden()
                  : type == events::v1::EVENT_TYPE_COMMENT_UNHIDDEN ? event.mutable_comment_unhidden()
                                                                    : event.mutable_comment_removed();
        c->set_comment_id(action.subject().id());
        c->set_author_id(action.affected_user_id());
        c->set_action_id(action.id());
        c->set_reason(action.reason());
    } else {
        auto* s = type == events::v1::EVENT_TYPE_USER_SUSPENDED ? event.mutable_user_suspended()
                                                                : event.mutable_user_unsuspended();
        s->set_user_id(action.subject().id());
        s->set_action_id(action.id());
        s->set_reason(action.reason());
        if (action.has_suspended_until()) *s->mutable_until() = action.suspended_until();
    }
    return events::appendToOutbox(tx, event, &m_relay);
}

Result<v1::Action> ModerationStore::act(const ActionRequest& request) {
    return m_db.transact([&](Tx& tx) -> Result<v1::Action> {
        DEVCOLL_TRY(auto existing, tx.run("action_by_id", {request.id}));
        if (!existing.empty()) {
            v1::Action done = actionFrom(existing[0]);
            if (done.kind() == request.kind && done.subject().kind() == request.subject.kind() &&
                done.subject().id() == request.subject.id()) {
                return done;
            }
            return makeError(ErrorCode::AlreadyExists, "action_id: a different action already has this id");
        }
        DEVCOLL_CHECK(changeInForce(tx, request));
        const std::int64_t now = nowMicros();
        // Hiding or suspending also resolves the report open about the subject, if any.
        std::string reportId = request.reportId;
        if (request.kind == v1::ACTION_KIND_HIDE_POST || request.kind == v1::ACTION_KIND_REMOVE_POST ||
            request.kind == v1::ACTION_KIND_HIDE_COMMENT || request.kind == v1::ACTION_KIND_REMOVE_COMMENT ||
            request.kind == v1::ACTION_KIND_SUSPEND_USER) {
            DEVCOLL_TRY(auto open,
                        tx.run("open_report_of", {std::int64_t{request.subject.kind()}, request.subject.id()}));
            if (!open.empty()) {
                DEVCOLL_TRY(auto resolved, tx.run("resolve_report", {open[0].text(0), request.id, now}));
                if (resolved.affected > 0 && reportId.empty()) reportId = open[0].text(0);
            }
        }
        if (request.kind == v1::ACTION_KIND_SUSPEND_USER && !request.reportId.empty()) {
            // The report about the user's post or comment that the suspension answers.
            DEVCOLL_CHECK(tx.run("resolve_report", {request.reportId, request.id, now}));
        }
        DEVCOLL_CHECK(tx.run(
            "insert_action",
            {request.id, std::int64_t{request.kind}, request.moderatorId, std::int64_t{request.subject.kind()},
             request.subject.id(), request.affectedUserId, request.reason, reportId, now, request.suspendedUntil}));
        DEVCOLL_TRY(auto rows, tx.run("action_by_id", {request.id}));
        v1::Action action = actionFrom(rows[0]);
        DEVCOLL_CHECK(publish(tx, action, request.requestId));
        return action;
    });
}

}  // namespace devcoll::moderation

namespace devcoll::moderation {

Status ModerationStore::applyRoles(Tx& tx, const events::v1::RolesChanged& change, std::int64_t asOf) {
    const std::vector<std::string> roles(change.roles().begin(), change.roles().end());
    DEVCOLL_CHECK(tx.run("upsert_staff_roles", {change.user_id(), storage::joinList(roles), asOf}));
    return {};
}

Result<std::vector<std::string>> ModerationStore::rolesOf(const std::string& userId) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<std::string>> {
        DEVCOLL_TRY(auto rows, tx.run("staff_roles_of", {userId}));
        if (rows.empty()) return std::vector<std::string>{};
        return storage::splitList(rows[0].text(0));
    });
}

Result<std::vector<std::string>> ModerationStore::endedSuspensions(int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<std::string>> {
        DEVCOLL_TRY(auto rows, tx.run("ended_suspensions", {nowMicros(), std::int64_t{limit}}));
        std::vector<std::string> users;
        for (const Row& r : rows) users.push_back(r.text(0));
        return users;
    });
}

}  // namespace devcoll::moderation

namespace devcoll::moderation {

Status ModerationStore::notRemoved(const v1::Subject& subject) {
    const bool comment = subject.kind() == v1::SUBJECT_KIND_COMMENT;
    if (!comment && subject.kind() != v1::SUBJECT_KIND_POST) return {};
    return m_db.read([&](Tx& tx) -> Status {
        DEVCOLL_TRY(auto rows, tx.run(comment ? "removed_comment" : "removed_post", {subject.id()}));
        if (rows.empty()) return {};
        return moot(comment ? "the comment was removed" : "the post was removed", rows[0].text(0));
    });
}

}  // namespace devcoll::moderation
