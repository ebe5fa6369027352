// The changes the server did not take, in the window, offscreen, against a real server: an
// edit made here after another device edited the same post is a conflict; the status bar
// offers "Resolve", the dialog shows both versions, and "Keep mine" puts the user's on the
// server. A post the server refuses for good (an image it does not know) shows the server's
// reason, and "Discard" drops it. Then nothing is left, and the button goes.
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include "app_test_support.h"
#include "server/test_server.h"
#include "store/pending_actions.h"
#include "store/replica_changes.h"
#include "sync/account_replica.h"
#include "views/action_issues_dialog.h"
#include "views/main_window.h"
#include "views/status_text.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

constexpr int kWaitMs = 15000;

// Runs `work` on the replica's store thread; whether it succeeded.
bool stored(LocalStore& store, std::function<Status(ReplicaDatabase&)> work) {
    auto done = store.run<void>(std::move(work));
    done.waitForFinished();
    if (!done.result().ok()) qWarning("store: %s", done.result().error().message.c_str());
    return done.result().ok();
}

}  // namespace

class TestActionIssues final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { useWindowTestEnvironment(); }
    void cleanupTestCase() { removeTestReplicas(); }

    void aConflictAndARefusalAreAnswered() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("issues_alice");
        const post::v1::Post original = server.createPost(alice, "the original");
        QVERIFY(!original.id().empty());
        const ServerAddress address{QStringLiteral("127.0.0.1"), 4};
        const std::string token = alice.accessToken;
        auto opened = AccountReplica::open(
            address, QString::fromStdString(alice.id), server.channel(), [token] { return token; }, nullptr,
            quickSyncSettings());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        AccountReplica& replica = **opened;
        MainWindow window(address);
        window.show();
        window.showAccount(replica);
        auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
        auto* resolve = window.findChild<QToolButton*>(QStringLiteral("issuesButton"));
        QVERIFY(status && resolve);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
        QVERIFY(!resolve->isVisible());

        // While this device is not syncing, the other device edits the post, and this one too.
        replica.sync().stop();
        post::v1::UpdatePostRequest edit;
        edit.mutable_post()->set_id(original.id());
        edit.mutable_post()->set_body("theirs, from the other device");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(original.version());
        post::v1::UpdatePostResponse edited;
        QVERIFY(server.posts().UpdatePost(TestServer::as(alice).get(), edit, &edited).ok());
        const QString me = QString::fromStdString(alice.id);
        const QString postId = QString::fromStdString(original.id());
        QVERIFY(stored(replica.store(), [me, postId](ReplicaDatabase& db) {
            return editPost(db, me, postId, QStringLiteral("mine, written here"));
        }));
        // And a post with an image the server never received: refused for good.
        sync::v1::Change ghost;
        ghost.set_kind(sync::v1::ENTITY_KIND_MEDIA);
        ghost.set_entity_id("01938a6e-7b1c-7cc0-8000-000000000001");
        ghost.set_version(1);
        ghost.mutable_media()->set_id(ghost.entity_id());
        ghost.mutable_media()->set_owner_id(alice.id);
        QVERIFY(stored(replica.store(), [me, ghost](ReplicaDatabase& db) -> Status {
            DEVCOLL_CHECK(applySyncPage(db, SyncPage{{}, {ghost}, {}}));
            DEVCOLL_TRY(const QString id,
                        createPost(db, me, QStringLiteral("with a picture that is not there"),
                                   post::v1::VISIBILITY_PUBLIC, {QString::fromStdString(ghost.entity_id())}));
            Q_UNUSED(id);
            return {};
        }));
        replica.sync().start();

        QTRY_VERIFY_WITH_TIMEOUT(resolve->isVisible(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(resolve->text(), QStringLiteral("Resolve (2)..."), kWaitMs);
        QTest::mouseClick(resolve, Qt::LeftButton);
        auto* dialog = window.findChild<ActionIssuesDialog*>(QStringLiteral("actionIssuesDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("issueList"));
        auto* explanation = dialog->findChild<QLabel*>(QStringLiteral("issueExplanation"));
        auto* mine = dialog->findChild<QTextBrowser*>(QStringLiteral("mineText"));
        auto* theirs = dialog->findChild<QTextBrowser*>(QStringLiteral("theirsText"));
        auto* keepMine = dialog->findChild<QPushButton*>(QStringLiteral("keepMineButton"));
        auto* discard = dialog->findChild<QPushButton*>(QStringLiteral("discardButton"));
        QVERIFY(list && explanation && mine && theirs && keepMine && discard);
        QTRY_COMPARE_WITH_TIMEOUT(list->count(), 2, kWaitMs);

        // The conflict: both versions, side by side.
        const int conflictRow = list->item(0)->text().endsWith(QStringLiteral("conflict")) ? 0 : 1;
        list->setCurrentRow(conflictRow);
        QVERIFY(mine->isVisible() && theirs->isVisible() && keepMine->isVisible());
        QCOMPARE(mine->toPlainText(), QStringLiteral("mine, written here"));
        QCOMPARE(theirs->toPlainText(), QStringLiteral("theirs, from the other device"));
        QTest::mouseClick(keepMine, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, kWaitMs);
        {
            post::v1::GetPostRequest request;
            request.set_post_id(original.id());
            post::v1::GetPostResponse response;
            QTRY_VERIFY_WITH_TIMEOUT(server.posts().GetPost(TestServer::as(alice).get(), request, &response).ok() &&
                                         response.post().body() == "mine, written here",
                                     kWaitMs);
        }

        // The refusal: the server's reason, and Discard.
        list->setCurrentRow(0);
        QVERIFY2(explanation->text().startsWith(QStringLiteral("The server refused this change:")),
                 qPrintable(explanation->text()));
        QVERIFY(explanation->text().contains(QStringLiteral("media_ids")));
        QVERIFY(!mine->isVisible() && discard->isVisible());
        QTest::mouseClick(discard, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(list->count(), 0, kWaitMs);
        QVERIFY(explanation->text().startsWith(QStringLiteral("Nothing needs your attention")));
        QTRY_VERIFY_WITH_TIMEOUT(!resolve->isVisible(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
    }
};

QTEST_MAIN(TestActionIssues)
#include "tst_action_issues.moc"
