// The moderation service over real gRPC: who may call what (each RPC for each role, and who
// may act on whom), reports that merge, conflicts between moderators, and the append-only audit
// log. What actions do to content is tst_moderation_content.
#include <QTest>

#include "devcoll/ids.h"
#include "server/moderation/moderation_fixture.h"

using namespace devcoll;
using namespace devcoll::test;

class TestModerationService final : public ModerationFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }

    // Every moderation call, for each role: users are refused, moderators and admins are not.
    void roleChecks_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("role");
        const QStringList methods{"ListReports",   "GetReport",    "DismissReport", "HidePost",      "UnhidePost",
                                  "RemovePost",    "HideComment",  "UnhideComment", "RemoveComment", "SuspendUser",
                                  "UnsuspendUser", "ListAuditLog", "ReportContent"};
        for (const QString& method : methods) {
            for (const QString& role : QStringList{"user", "moderator", "admin"}) {
                QTest::addRow("%s as %s", qPrintable(method), qPrintable(role)) << method << role;
            }
        }
    }

    void roleChecks() {
        QFETCH(QString, method);
        QFETCH(QString, role);
        TestUser caller = role == "user" ? m_server->newUser("plain") : role == "moderator" ? m_moderator : m_admin;
        TestUser author = m_server->newUser("author");
        const std::string postId = m_server->createPost(author, "Something to act on").id();
        QVERIFY(!postId.empty());
        // Protobuf JSON, built without raw string literals (moc cannot read them).
        const auto field = [](const char* name, const std::string& value) {
            return "\"" + std::string(name) + "\": \"" + value + "\"";
        };
        const std::string reason = field("reason", "checking roles");
        const std::string json = [&]() -> std::string {
            if (method == "ListReports" || method == "ListAuditLog") return "{}";
            if (method == "GetReport") return "{" + field("reportId", newUuidV7()) + "}";
            if (method == "DismissReport") return "{" + field("reportId", newUuidV7()) + ", " + reason + "}";
            if (method == "HidePost" || method == "UnhidePost" || method == "RemovePost")
                return "{" + field("postId", postId) + ", " + reason + "}";
            if (method.endsWith("Comment")) return "{" + field("commentId", newUuidV7()) + ", " + reason + "}";
            if (method == "ReportContent") {
                return "{\"subject\": {" + field("kind", "SUBJECT_KIND_POST") + ", " + field("id", postId) + "}, " +
                       field("reason", "REPORT_REASON_SPAM") + "}";
            }
            return "{" + field("userId", author.id) + ", " + reason + "}";  // (Un)SuspendUser
        }();
        const grpc::Status status =
            m_server->callJson("devcoll.moderation.v1.ModerationService." + method.toStdString(), json, &caller);
        const bool everyone = method == "ReportContent";
        if (role == "user" && !everyone) {
            DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::PERMISSION_DENIED);
            QVERIFY(status.error_message().find("moderator") != std::string::npos);
        } else {
            QVERIFY2(status.error_code() != grpc::StatusCode::PERMISSION_DENIED &&
                         status.error_code() != grpc::StatusCode::UNAUTHENTICATED,
                     qPrintable(describe(status)));
        }
    }

    void reportsOfOneSubjectMerge() {
        TestUser author = m_server->newUser("spammer");
        TestUser first = m_server->newUser("reporter");
        TestUser second = m_server->newUser("reporter");
        const pv1::Post post = m_server->createPost(author, "Buy cheap watches at example.test");
        QVERIFY(!post.id().empty());

        mv1::Report r1, r2, r3;
        DEVCOLL_COMPARE_CODE(report(first, mv1::SUBJECT_KIND_POST, post.id(), &r1), grpc::StatusCode::OK);
        QCOMPARE(r1.state(), mv1::REPORT_STATE_OPEN);
        QCOMPARE(r1.subject_author_id(), author.id);
        QCOMPARE(r1.subject_excerpt(), post.body());
        DEVCOLL_COMPARE_CODE(report(second, mv1::SUBJECT_KIND_POST, post.id(), &r2, mv1::REPORT_REASON_OTHER, "scam"),
                             grpc::StatusCode::OK);
        QCOMPARE(r2.id(), r1.id());
        // A reporter sees only their own complaint; a moderator sees all.
        QCOMPARE(r2.complaints_size(), 1);
        QCOMPARE(r2.complaints(0).note(), "scam");
        // The same reporter again only updates their complaint.
        DEVCOLL_COMPARE_CODE(report(first, mv1::SUBJECT_KIND_POST, post.id(), &r3, mv1::REPORT_REASON_HARASSMENT),
                             grpc::StatusCode::OK);
        QCOMPARE(r3.id(), r1.id());

        mv1::GetReportRequest req;
        req.set_report_id(r1.id());
        mv1::GetReportResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().GetReport(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::OK);
        QCOMPARE(resp.report().complaints_size(), 2);
        QCOMPARE(resp.report().complaints(0).reporter_id(), first.id);
        QCOMPARE(resp.report().complaints(0).reason(), mv1::REPORT_REASON_HARASSMENT);

        // The queue holds it once, oldest first.
        mv1::ListReportsRequest list;
        list.set_kind(mv1::SUBJECT_KIND_POST);
        list.set_page_size(100);
        mv1::ListReportsResponse page;
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::OK);
        int seen = 0;
        for (const auto& r : page.reports()) seen += r.id() == r1.id() ? 1 : 0;
        QCOMPARE(seen, 1);
        for (int i = 1; i < page.reports_size(); ++i) {
            QVERIFY(page.reports(i - 1).created_at().seconds() <= page.reports(i).created_at().seconds());
        }
    }

    void reportsOfWhatOneMayNotSeeOrOwnAreRefused() {
        TestUser author = m_server->newUser("private");
        TestUser stranger = m_server->newUser("stranger");
        const pv1::Post hidden = m_server->createPost(author, "Followers only", pv1::VISIBILITY_FOLLOWERS);
        const std::int64_t before = m_server->rowCount("moderation", {"reports", "complaints"});
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_POST, hidden.id()), grpc::StatusCode::NOT_FOUND);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_POST, newUuidV7()), grpc::StatusCode::NOT_FOUND);
        DEVCOLL_COMPARE_CODE(report(author, mv1::SUBJECT_KIND_POST, hidden.id()), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(author, mv1::SUBJECT_KIND_USER, author.id), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_UNSPECIFIED, author.id),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(
            report(stranger, mv1::SUBJECT_KIND_USER, author.id, nullptr, static_cast<mv1::ReportReason>(99)),
            grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, author.id, nullptr, mv1::REPORT_REASON_SPAM,
                                    std::string(1001, 'x')),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, "not-an-id"), grpc::StatusCode::INVALID_ARGUMENT);
        QCOMPARE(m_server->rowCount("moderation", {"reports", "complaints"}), before);
        // A user can be reported by anyone who knows them.
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, author.id), grpc::StatusCode::OK);
    }

    void reportsAreRateLimitedPerReporter() {
        TestUser busy = m_server->newUser("busy");
        TestUser target = m_server->newUser("target");
        std::vector<std::string> posts;
        for (int i = 0; i < 21; ++i) posts.push_back(m_server->createPost(target, "post " + std::to_string(i)).id());
        for (int i = 0; i < 20; ++i) {
            DEVCOLL_COMPARE_CODE(report(busy, mv1::SUBJECT_KIND_POST, posts[i]), grpc::StatusCode::OK);
        }
        mv1::ReportContentRequest req;
        *req.mutable_subject() = subject(mv1::SUBJECT_KIND_POST, posts[20]);
        req.set_reason(mv1::REPORT_REASON_SPAM);
        mv1::ReportContentResponse resp;
        auto ctx = TestServer::as(busy);
        DEVCOLL_COMPARE_CODE(moderation().ReportContent(ctx.get(), req, &resp), grpc::StatusCode::RESOURCE_EXHAUSTED);
        const int wait = std::stoi("0" + trailer(*ctx, "devcoll-retry-after-seconds"));
        QVERIFY2(wait > 3500 && wait <= 3601, qPrintable(QString::number(wait)));
        // Another reporter is not affected.
        DEVCOLL_COMPARE_CODE(report(m_server->newUser("other"), mv1::SUBJECT_KIND_POST, posts[20]),
                             grpc::StatusCode::OK);
    }

    void aSecondModeratorsActionConflicts() {
        TestUser author = m_server->newUser("author");
        const pv1::Post post = m_server->createPost(author, "Contested");
        TestUser other = m_server->newUserWithRole("mod2", "moderator");
        mv1::Action first;
        QVERIFY(hide(m_moderator, post.id(), &first).ok());
        grpc::ClientContext* raw = nullptr;
        auto ctx = TestServer::as(other);
        raw = ctx.get();
        mv1::HidePostRequest req;
        req.set_post_id(post.id());
        req.set_reason("also spam");
        mv1::HidePostResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().HidePost(raw, req, &resp), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*ctx, "devcoll-conflicting-action-id"), first.id());
        // A retried action (same client-chosen id) answers with what it did the first time.
        const std::string actionId = newUuidV7();
        const pv1::Post another = m_server->createPost(author, "Retried offline");
        mv1::Action once, twice;
        QVERIFY(hide(m_moderator, another.id(), &once, actionId).ok());
        DEVCOLL_COMPARE_CODE(hide(m_moderator, another.id(), &twice, actionId), grpc::StatusCode::OK);
        QCOMPARE(twice.id(), once.id());
        QCOMPARE(twice.created_at().seconds(), once.created_at().seconds());
        QCOMPARE(auditLog(m_moderator, author.id).size(), std::size_t{2});
        // Unhiding what is not hidden, lifting what is not suspended: refused, nothing logged.
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(m_server->createPost(author, "never hidden").id());
        unhide.set_reason("no");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(other).get(), unhide, &unhidden),
                             grpc::StatusCode::FAILED_PRECONDITION);
        DEVCOLL_COMPARE_CODE(unsuspend(other, author.id), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(auditLog(m_moderator, author.id).size(), std::size_t{2});
    }

    // A moderator does not judge their own case; a suspension may answer a report about what
    // the user wrote, and closes it.
    void noOneActsOnTheirOwnCaseAndASuspensionClosesItsReport() {
        TestUser other = m_server->newUserWithRole("mod3", "moderator");
        const pv1::Post mine = m_server->createPost(m_moderator, "a moderator's own post");
        QVERIFY(hide(other, mine.id()).ok());
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(mine.id());
        unhide.set_reason("it is fine, trust me");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_moderator).get(), unhide, &unhidden),
                             grpc::StatusCode::PERMISSION_DENIED);
        mv1::Report aboutMe;
        QVERIFY(report(m_server->newUser("critic"), mv1::SUBJECT_KIND_USER, m_moderator.id, &aboutMe).ok());
        mv1::DismissReportRequest dismiss;
        dismiss.set_report_id(aboutMe.id());
        dismiss.set_reason("nothing to see");
        mv1::DismissReportResponse dismissed;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_moderator).get(), dismiss, &dismissed),
                             grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(other).get(), dismiss, &dismissed),
                             grpc::StatusCode::OK);

        TestUser spammer = m_server->newUser("spammer");
        const pv1::Post spam = m_server->createPost(spammer, "cheap pills");
        mv1::Report reported;
        QVERIFY(report(m_server->newUser("reporter"), mv1::SUBJECT_KIND_POST, spam.id(), &reported).ok());
        mv1::SuspendUserRequest req;
        req.set_user_id(spammer.id);
        req.set_reason("Spam account");
        req.set_report_id(aboutMe.id());  // a report about someone else
        mv1::SuspendUserResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(other).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_report_id(reported.id());
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(other).get(), req, &resp), grpc::StatusCode::OK);
        QCOMPARE(resp.action().report_id(), reported.id());
        mv1::GetReportRequest get;
        get.set_report_id(reported.id());
        mv1::GetReportResponse got;
        QVERIFY(moderation().GetReport(TestServer::as(other).get(), get, &got).ok());
        QCOMPARE(got.report().state(), mv1::REPORT_STATE_RESOLVED);
        QCOMPARE(got.report().resolved_by_action_id(), resp.action().id());
    }

    // Moderators cannot suspend each other, and nobody suspends an admin.
    void onlyAnAdminSuspendsAModeratorAndNobodyAnAdmin() {
        TestUser peer = m_server->newUserWithRole("peer", "moderator");
        QVERIFY(!peer.accessToken.empty());
        grpc::Status refused = suspend(m_moderator, peer.id);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(refused.error_message().find("only an admin") != std::string::npos);
        refused = suspend(m_moderator, m_admin.id);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(refused.error_message().find("revoke the role first") != std::string::npos);
        TestUser otherAdmin = m_server->newUserWithRole("admin", "admin");
        DEVCOLL_COMPARE_CODE(suspend(m_admin, otherAdmin.id), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(auditLog(m_admin, peer.id).empty());
        DEVCOLL_COMPARE_CODE(suspend(m_admin, peer.id), grpc::StatusCode::OK);
        // Nor may a moderator lift a peer's suspension.
        DEVCOLL_COMPARE_CODE(unsuspend(m_moderator, peer.id), grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, peer.id), grpc::StatusCode::OK);
        // Once the role is revoked, the former moderator is an account like any other.
        auth::v1::RevokeRoleRequest revoke;
        revoke.set_account(peer.id);
        revoke.set_role("moderator");
        auth::v1::RevokeRoleResponse revoked;
        DEVCOLL_COMPARE_CODE(m_server->auth().RevokeRole(TestServer::as(m_admin).get(), revoke, &revoked),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(suspend(m_moderator, peer.id).error_code(), grpc::StatusCode::OK);
    }

    void theAuditLogHoldsEveryActionAndCannotBeEdited() {
        TestUser author = m_server->newUser("audited");
        const pv1::Post post = m_server->createPost(author, "Audited post");
        mv1::Report opened;
        QVERIFY(report(m_server->newUser("reporter"), mv1::SUBJECT_KIND_USER, author.id, &opened).ok());
        mv1::DismissReportRequest dismiss;
        dismiss.set_report_id(opened.id());
        dismiss.set_reason("Not a violation");
        mv1::DismissReportResponse dismissed;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_moderator).get(), dismiss, &dismissed),
                             grpc::StatusCode::OK);
        // Dismissing again conflicts with the first dismissal.
        mv1::DismissReportResponse again;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_admin).get(), dismiss, &again),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY(hide(m_admin, post.id()).ok());
        QVERIFY(suspend(m_moderator, author.id).ok());
        QVERIFY(unsuspend(m_moderator, author.id).ok());

        const auto log = auditLog(m_admin, author.id, 1);  // paged one by one
        QCOMPARE(log.size(), std::size_t{4});
        const std::vector<mv1::ActionKind> kinds{mv1::ACTION_KIND_UNSUSPEND_USER, mv1::ACTION_KIND_SUSPEND_USER,
                                                 mv1::ACTION_KIND_HIDE_POST, mv1::ACTION_KIND_DISMISS};
        for (std::size_t i = 0; i < log.size(); ++i) {
            QCOMPARE(log[i].kind(), kinds[i]);  // newest first
            QCOMPARE(log[i].affected_user_id(), author.id);
            QVERIFY(!log[i].moderator_id().empty());
            QVERIFY(!log[i].reason().empty());
            QVERIFY(log[i].has_created_at());
        }
        QCOMPARE(log[3].moderator_id(), m_moderator.id);
        QCOMPARE(log[3].report_id(), opened.id());
        QCOMPARE(log[2].moderator_id(), m_admin.id);
        QCOMPARE(log[2].subject().id(), post.id());
        // The whole log holds them too; and no one can edit it, not even through SQL.
        QVERIFY(auditLog(m_moderator).size() >= 4);
        storage::Database* db = m_server->server().database("moderation");
        QVERIFY(db);
        auto edited = db->transact([](storage::Tx& tx) { return tx.exec("UPDATE actions SET reason = 'rewritten'"); });
        QVERIFY(!edited.ok());
        auto erased = db->transact([](storage::Tx& tx) { return tx.exec("DELETE FROM actions"); });
        QVERIFY(!erased.ok());
        QCOMPARE(auditLog(m_admin, author.id, 100).size(), std::size_t{4});
    }

    void badActionsAreRefusedAndChangeNothing() {
        TestUser author = m_server->newUser("author");
        const std::int64_t before = m_server->rowCount("moderation", {"actions", "hidden_posts", "suspended_accounts"});
        mv1::HidePostRequest req;
        req.set_post_id(m_server->createPost(author, "fine").id());
        mv1::HidePostResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);  // no reason
        req.set_reason(std::string(1001, 'r'));
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_reason("bell \x07 in a reason");  // control characters (invalid UTF-8 never parses)
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_reason("spam");
        req.set_post_id(newUuidV7());
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::NOT_FOUND);
        req.set_post_id("x");
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, newUuidV7()), grpc::StatusCode::NOT_FOUND);
        mv1::ListReportsRequest list;
        list.set_page_size(1000);
        mv1::ListReportsResponse page;
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::INVALID_ARGUMENT);
        list.set_page_size(10);
        list.set_page_token("forged");
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::INVALID_ARGUMENT);
        QCOMPARE(m_server->rowCount("moderation", {"actions", "hidden_posts", "suspended_accounts"}), before);
    }
};

QTEST_GUILESS_MAIN(TestModerationService)
#include "tst_moderation_service.moc"
