// The moderation queue in the window, offscreen, against a real server: a moderator sees the
// "Moderation Queue" item (a plain user does not), fetches the open reports, and decides on
// them while this device is not syncing; the queue still reads when the server is gone. Back
// in sync, a decision goes (its report leaves, the post is hidden on the server), and one that
// another moderator's action made moot comes back saying so, and waits in the unsent changes.
#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "app_test_support.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "server/test_server.h"
#include "server_replica.h"
#include "store/moderation_queue.h"
#include "store/pending_actions.h"
#include "store/replica_rows.h"
#include "store/replica_state.h"
#include "sync/account_replica.h"
#include "views/main_window.h"
#include "views/moderation_page.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
namespace dv1 = devcoll::moderation::v1;

namespace {

constexpr int kWaitMs = 15000;

grpc::Status reportPost(TestServer& server, const TestUser& as, const std::string& postId) {
    auto moderation = dv1::ModerationService::NewStub(server.channel());
    dv1::ReportContentRequest req;
    req.mutable_subject()->set_kind(dv1::SUBJECT_KIND_POST);
    req.mutable_subject()->set_id(postId);
    req.set_reason(dv1::REPORT_REASON_SPAM);
    dv1::ReportContentResponse resp;
    return moderation->ReportContent(TestServer::as(as).get(), req, &resp);
}

int rowOf(const ModerationPage& page, const std::string& subjectId) {
    for (int i = 0; i < page.reports().size(); ++i) {
        if (page.reports()[i].subjectId == QString::fromStdString(subjectId)) return i;
    }
    return -1;
}

}  // namespace

class TestModerationView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useWindowTestEnvironment(); }
    void cleanupTestCase() { removeTestReplicas(); }

    void aPlainUserHasNoModerationQueue() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser plain = server.newUser("plain");
        auto replica = openReplica(server, plain);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        window.show();
        window.showAccount(*replica);
        // The roles the token carries are kept for offline use; "user" alone shows nothing.
        QTRY_COMPARE_WITH_TIMEOUT(
            onStore<std::optional<QString>>(replica->store(),
                                            [](ReplicaDatabase& db) { return stateOf(db, StateKey::Roles); })
                .value_or(QString()),
            QStringLiteral("user"), kWaitMs);
        auto* action = window.findChild<QAction*>(QStringLiteral("moderationAction"));
        QVERIFY(action);
        QVERIFY(!action->isVisible());
    }

    void badDecisionsAreRefusedAndQueueNothing() {
        QTemporaryDir dir;
        LocalStore store(dir.filePath(QStringLiteral("bad.db")));
        ReportRow post;
        post.id = QStringLiteral("r-post");
        post.subjectKind = dv1::SUBJECT_KIND_POST;
        post.subjectId = QStringLiteral("p1");
        post.authorId = QStringLiteral("u1");
        post.excerpt = QStringLiteral("text");
        post.reasons = {dv1::REPORT_REASON_SPAM};
        post.complaints = 1;
        ReportRow user = post;
        user.id = QStringLiteral("r-user");
        user.subjectKind = dv1::SUBJECT_KIND_USER;
        onStore<void>(store, [&](ReplicaDatabase& db) { return storeOpenReports(db, {post, user}); });
        const auto refused = [&](const QString& id, ModerationDecision decision, const QString& reason) {
            auto done = store.run<void>([=](ReplicaDatabase& db) { return decide(db, id, decision, reason); });
            done.waitForFinished();
            return done.result().ok() ? ErrorCode::Internal : done.result().error().code;
        };
        QCOMPARE(refused(post.id, ModerationDecision::Hide, QStringLiteral("  ")), ErrorCode::InvalidArgument);
        QCOMPARE(refused(post.id, ModerationDecision::Hide, QString(1001, QLatin1Char('x'))),
                 ErrorCode::InvalidArgument);
        QCOMPARE(refused(user.id, ModerationDecision::Hide, QStringLiteral("spam")), ErrorCode::InvalidArgument);
        QCOMPARE(refused(QStringLiteral("r-none"), ModerationDecision::Dismiss, QStringLiteral("x")),
                 ErrorCode::NotFound);
        QCOMPARE(onStore<int>(store, [](ReplicaDatabase& db) { return pendingActionCount(db); }), 0);
        // One decision per report until the server answered.
        onStore<void>(store, [&](ReplicaDatabase& db) {
            return decide(db, user.id, ModerationDecision::SuspendAuthor, QStringLiteral("Spam account"));
        });
        QCOMPARE(refused(user.id, ModerationDecision::Dismiss, QStringLiteral("no")), ErrorCode::FailedPrecondition);
        QCOMPARE(onStore<int>(store, [](ReplicaDatabase& db) { return pendingActionCount(db); }), 1);
        // The suspension names its report (the server closes it too); its end is set when sent.
        const auto queued = onStore<std::optional<PendingAction>>(
            store, [](ReplicaDatabase& db) { return nextAction(db, nowMicros()); });
        QVERIFY(queued);
        QCOMPARE(queued->kind, ActionKind::SuspendUser);
        dv1::SuspendUserRequest suspension;
        QVERIFY(suspension.ParseFromArray(queued->request.constData(), int(queued->request.size())));
        QCOMPARE(suspension.report_id(), user.id.toStdString());
        QCOMPARE(suspension.user_id(), user.authorId.toStdString());
        QVERIFY(!suspension.has_until());
        QVERIFY(!suspension.action_id().empty());
        // Refused, the report may be decided again; sent again, it waits on it again.
        const qint64 seq = queued->seq;
        onStore<void>(store, [seq](ReplicaDatabase& db) { return actionQuarantined(db, seq, QStringLiteral("no")); });
        auto rows = onStore<QList<ReportRow>>(store, [](ReplicaDatabase& db) { return cachedReports(db); });
        QCOMPARE(rows.last().decision, ModerationDecision::None);
        QCOMPARE(rows.last().error, QStringLiteral("no"));
        onStore<void>(store, [seq](ReplicaDatabase& db) { return retryAction(db, seq); });
        rows = onStore<QList<ReportRow>>(store, [](ReplicaDatabase& db) { return cachedReports(db); });
        QCOMPARE(rows.last().decision, ModerationDecision::SuspendAuthor);
        QVERIFY(rows.last().error.isEmpty());
        // A fetch keeps the report a decision waits on, and replaces the others.
        onStore<void>(store, [](ReplicaDatabase& db) { return storeOpenReports(db, {}); });
        const auto kept = onStore<QList<ReportRow>>(store, [](ReplicaDatabase& db) { return cachedReports(db); });
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().id, user.id);
        QCOMPARE(kept.first().decision, ModerationDecision::SuspendAuthor);
    }

    void decisionsMadeOfflineGoLaterAndConflictsShow() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser author = server.newUser("author");
        const TestUser reporter = server.newUser("reporter");
        const TestUser moderator = server.newUserWithRole("mod", "moderator");
        const TestUser other = server.newUserWithRole("othermod", "moderator");
        QVERIFY(!moderator.accessToken.empty() && !other.accessToken.empty());
        const std::string mine = server.createPost(author, "buy followers here").id();
        const std::string contested = server.createPost(author, "buy likes here").id();
        QVERIFY(reportPost(server, reporter, mine).ok());
        QVERIFY(reportPost(server, reporter, contested).ok());

        auto replica = openReplica(server, moderator);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        window.show();
        window.showAccount(*replica);
        auto* action = window.findChild<QAction*>(QStringLiteral("moderationAction"));
        QVERIFY(action);
        QTRY_VERIFY_WITH_TIMEOUT(action->isVisible(), kWaitMs);
        action->trigger();
        auto* page = window.findChild<ModerationPage*>(QStringLiteral("moderationPage"));
        QVERIFY(page);
        QVERIFY(page->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(page->reports().size(), 2, kWaitMs);
        auto* list = page->findChild<QListWidget*>(QStringLiteral("moderationQueue"));
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QVERIFY(list->item(0)->text().contains(QStringLiteral("buy followers here")));
        QVERIFY(list->item(0)->text().contains(QStringLiteral("spam")));
        QVERIFY(list->item(0)->text().contains(QStringLiteral("of @") + QString::fromStdString(author.username)));

        // This device stops syncing; the moderator decides on both, and the other moderator
        // hides the second meanwhile.
        replica->sync().stop();
        list->setCurrentRow(rowOf(*page, mine));
        page->decideSelected(ModerationDecision::Hide, QStringLiteral("Spam links"));
        QTRY_COMPARE(page->reports().at(rowOf(*page, mine)).decision, ModerationDecision::Hide);
        QVERIFY(list->item(rowOf(*page, mine))->text().contains(QStringLiteral("waiting to be sent")));
        list->setCurrentRow(rowOf(*page, contested));
        page->decideSelected(ModerationDecision::Hide, QStringLiteral("Spam links too"));
        QTRY_COMPARE(page->reports().at(rowOf(*page, contested)).decision, ModerationDecision::Hide);
        auto moderation = dv1::ModerationService::NewStub(server.channel());
        dv1::HidePostRequest first;
        first.set_post_id(contested);
        first.set_reason("Seen it first");
        dv1::HidePostResponse firstDone;
        QVERIFY(moderation->HidePost(TestServer::as(other).get(), first, &firstDone).ok());

        // The server gone, the queue still reads, as last fetched.
        server.stop();
        page->refresh();
        auto* status = page->findChild<QLabel*>(QStringLiteral("moderationStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("as last fetched")), kWaitMs);
        QCOMPARE(page->reports().size(), 2);
        QVERIFY(server.start());

        // In sync again: the first decision goes, the second was moot.
        replica->sync().start();
        replica->sync().retryNow();
        QTRY_COMPARE_WITH_TIMEOUT(page->reports().size(), 1, kWaitMs);
        QCOMPARE(page->reports().first().subjectId, QString::fromStdString(contested));
        QTRY_VERIFY_WITH_TIMEOUT(
            page->reports().first().error.contains(QStringLiteral("Another moderator acted first")), kWaitMs);
        QCOMPARE(page->reports().first().decision, ModerationDecision::None);
        QVERIFY(list->item(0)->text().contains(QStringLiteral("Not done: Another moderator acted first")));
        auto* issues = window.findChild<QToolButton*>(QStringLiteral("issuesButton"));
        QVERIFY(issues);
        QTRY_VERIFY(issues->isVisible());

        post::v1::GetPostRequest get;
        get.set_post_id(mine);
        post::v1::GetPostResponse got;
        QTRY_COMPARE(server.posts().GetPost(TestServer::as(reporter).get(), get, &got).error_code(),
                     grpc::StatusCode::NOT_FOUND);
        dv1::ListAuditLogRequest log;
        log.set_affected_user_id(author.id);
        dv1::ListAuditLogResponse logged;
        QVERIFY(moderation->ListAuditLog(TestServer::as(other).get(), log, &logged).ok());
        QCOMPARE(logged.actions_size(), 2);  // the other moderator's hide, and ours; not ours twice
        int ours = 0;
        for (const auto& a : logged.actions()) ours += a.moderator_id() == moderator.id ? 1 : 0;
        QCOMPARE(ours, 1);
    }
};

QTEST_MAIN(TestModerationView)
#include "tst_moderation_view.moc"
