#include "store/moderation_queue.h"

#include <google/protobuf/util/time_util.h>

#include <QStringList>

#include "devcoll/ids.h"
#include "devcoll/moderation/v1/moderation.pb.h"
#include "devcoll/validation.h"
#include "store/replica_rows.h"

namespace devcoll::app {
namespace {

namespace mv1 = devcoll::moderation::v1;
namespace sv1 = devcoll::sync::v1;

// As the server has it (moderation_service.cpp).
constexpr std::size_t kMaxReason = 1000;

QString joined(const QList<int>& numbers) {
    QStringList parts;
    for (int n : numbers) parts << QString::number(n);
    return parts.join(QLatin1Char(','));
}

QList<int> split(const QString& text) {
    QList<int> numbers;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) numbers << part.toInt();
    return numbers;
}

// The RPC that carries out `decision` on `report`, and its request.
template <typename Request>
Request actionRequest(const QString& reason) {
    Request request;
    request.set_reason(reason.toStdString());
    request.set_action_id(newUuidV7());
    return request;
}

Status enqueueDecision(ReplicaDatabase& db, const ReportRow& report, ModerationDecision decision,
                       const QString& reason) {
    const std::string subject = report.subjectId.toStdString();
    const bool post = report.subjectKind == mv1::SUBJECT_KIND_POST;
    const bool comment = report.subjectKind == mv1::SUBJECT_KIND_COMMENT;
    const sv1::Change nothing;  // a decision changes no synced entity: nothing to undo
    const auto queue = [&](ActionKind kind, const google::protobuf::Message& request) {
        return enqueueAction(db, kind, sv1::ENTITY_KIND_UNSPECIFIED, report.id, request, nothing);
    };
    switch (decision) {
        case ModerationDecision::Dismiss: {
            auto request = actionRequest<mv1::DismissReportRequest>(reason);
            request.set_report_id(report.id.toStdString());
            return queue(ActionKind::DismissReport, request);
        }
        case ModerationDecision::Hide:
        case ModerationDecision::Remove: {
            const bool hide = decision == ModerationDecision::Hide;
            if (post) {
                if (hide) {
                    auto request = actionRequest<mv1::HidePostRequest>(reason);
                    request.set_post_id(subject);
                    return queue(ActionKind::HidePost, request);
                }
                auto request = actionRequest<mv1::RemovePostRequest>(reason);
                request.set_post_id(subject);
                return queue(ActionKind::RemovePost, request);
            }
            if (comment) {
                if (hide) {
                    auto request = actionRequest<mv1::HideCommentRequest>(reason);
                    request.set_comment_id(subject);
                    return queue(ActionKind::HideComment, request);
                }
                auto request = actionRequest<mv1::RemoveCommentRequest>(reason);
                request.set_comment_id(subject);
                return queue(ActionKind::RemoveComment, request);
            }
            return invalidArgument("decision", "an account cannot be hidden or removed; suspend it");
        }
        case ModerationDecision::SuspendAuthor: {
            auto request = actionRequest<mv1::SuspendUserRequest>(reason);
            request.set_user_id(report.authorId.toStdString());
            request.set_report_id(report.id.toStdString());  // closed with it
            // `until` is set when it is sent (suspensionFromNow): 7 days from then.
            return queue(ActionKind::SuspendUser, request);
        }
        case ModerationDecision::None:
            break;
    }
    return invalidArgument("decision", "unknown decision");
}

ReportRow reportFrom(const QVariantList& r) {
    ReportRow report;
    report.id = r[0].toString();
    report.subjectKind = r[1].toInt();
    report.subjectId = r[2].toString();
    report.authorId = r[3].toString();
    report.excerpt = r[4].toString();
    report.reasons = split(r[5].toString());
    report.complaints = r[6].toInt();
    report.createdAt = r[7].toLongLong();
    report.decision = static_cast<ModerationDecision>(r[8].toInt());
    report.error = r[9].toString();
    report.authorUsername = r[10].toString();
    return report;
}

const QString kColumns = QStringLiteral(
    "id, subject_kind, subject_id, author_id, excerpt, reasons, complaints, created_at, decision, error, "
    "author_username");

}  // namespace

Status storeOpenReports(ReplicaDatabase& db, const QList<ReportRow>& reports) {
    return db.transact([&]() -> Status {
        // Reports with a decision on its way stay: the server still lists them as open.
        DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM moderation_reports WHERE decision = 0")));
        for (const ReportRow& r : reports) {
            DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO moderation_reports (%1) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                                 "?, 0, '', ?) ON CONFLICT (id) DO NOTHING")
                                      .arg(kColumns),
                                  {r.id, r.subjectKind, r.subjectId, r.authorId, r.excerpt, joined(r.reasons),
                                   r.complaints, r.createdAt, r.authorUsername}));
        }
        return {};
    });
}

Result<QList<ReportRow>> cachedReports(ReplicaDatabase& db) {
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT %1 FROM moderation_reports ORDER BY created_at, id").arg(kColumns)));
    QList<ReportRow> reports;
    for (const QVariantList& r : rows) reports << reportFrom(r);
    return reports;
}

Status decide(ReplicaDatabase& db, const QString& reportId, ModerationDecision decision, const QString& reason) {
    DEVCOLL_CHECK(checkText("reason", reason.trimmed().toStdString(), 1, kMaxReason, true));
    return db.transact([&]() -> Status {
        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT %1 FROM moderation_reports WHERE id = ?").arg(kColumns),
                                         {reportId}));
        if (rows.isEmpty()) return makeError(ErrorCode::NotFound, "no such report in the queue");
        const ReportRow report = reportFrom(rows.first());
        if (report.decision != ModerationDecision::None) {
            return makeError(ErrorCode::FailedPrecondition, "a decision on this report waits to be sent");
        }
        DEVCOLL_CHECK(enqueueDecision(db, report, decision, reason.trimmed()));
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE moderation_reports SET decision = ?, error = '' WHERE id = ?"),
                              {static_cast<int>(decision), reportId}));
        return {};
    });
}

bool isModerationAction(ActionKind kind) {
    switch (kind) {
        case ActionKind::DismissReport:
        case ActionKind::HidePost:
        case ActionKind::RemovePost:
        case ActionKind::HideComment:
        case ActionKind::RemoveComment:
        case ActionKind::SuspendUser:
            return true;
        default:
            return false;
    }
}

ModerationDecision decisionOf(ActionKind kind) {
    switch (kind) {
        case ActionKind::DismissReport:
            return ModerationDecision::Dismiss;
        case ActionKind::HidePost:
        case ActionKind::HideComment:
            return ModerationDecision::Hide;
        case ActionKind::RemovePost:
        case ActionKind::RemoveComment:
            return ModerationDecision::Remove;
        case ActionKind::SuspendUser:
            return ModerationDecision::SuspendAuthor;
        default:
            return ModerationDecision::None;
    }
}

google::protobuf::Timestamp suspensionFromNow() {
    return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(nowMicros() + kSuspensionDays * 86'400'000'000);
}

Status moderationRequeued(ReplicaDatabase& db, const QString& reportId, ActionKind kind) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE moderation_reports SET decision = ?, error = '' WHERE id = ?"),
                          {static_cast<int>(decisionOf(kind)), reportId}));
    return {};
}

Status moderationSettled(ReplicaDatabase& db, const QString& reportId, bool confirmed, const QString& error) {
    if (confirmed) {
        DEVCOLL_CHECK(db.exec(QStringLiteral("DELETE FROM moderation_reports WHERE id = ?"), {reportId}));
    } else {
        DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE moderation_reports SET decision = 0, error = ? WHERE id = ?"),
                              {error, reportId}));
    }
    return {};
}

}  // namespace devcoll::app
