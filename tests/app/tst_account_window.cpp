// The main window signed in, offscreen, against a real devcoll-server: the home feed comes from
// the account's replica (with QAbstractItemModelTester watching its model), a post made on the
// server appears while the window is open, and the status bar follows the sync: up to date,
// then offline with the change waiting, then up to date again at once with F5.
#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "app_test_support.h"
#include "server/test_server.h"
#include "store/pending_actions.h"
#include "sync/account_replica.h"
#include "views/main_window.h"
#include "views/status_text.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestAccountWindow final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }  // ~/.qttest, not the user's data
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/replicas"))
            .removeRecursively();
    }

    void theFeedAndTheSyncStatusOfTheAccount() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("window_alice");
        const TestUser bob = server.newUser("window_bob");
        QVERIFY(server.follow(alice, bob));
        for (int i = 0; i < 3; ++i) server.createPost(bob, "bob says " + std::to_string(i));
        const ServerAddress address{QStringLiteral("127.0.0.1"), 1};  // only names the replica's folder
        const std::string token = alice.accessToken;
        auto replica = AccountReplica::open(
            address, QString::fromStdString(alice.id), server.channel(), [token] { return token; }, nullptr,
            quickSyncSettings());
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());

        MainWindow window(address);
        window.show();
        window.showAccount(**replica);
        auto* feed = window.findChild<QListView*>(QStringLiteral("feedView"));
        auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
        QVERIFY(feed && status);
        QAbstractItemModelTester tester(feed->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!feed->accessibleName().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(feed->model()->rowCount(), 3, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), 15000);
        QCOMPARE(feed->model()->index(0, 0).data().toString(), QStringLiteral("bob says 2"));

        server.createPost(bob, "bob, live");
        QTRY_COMPARE_WITH_TIMEOUT(feed->model()->index(0, 0).data().toString(), QStringLiteral("bob, live"), 15000);

        server.stop();
        const QString me = QString::fromStdString(alice.id);
        (void)onStore<QString>((*replica)->store(), [me](ReplicaDatabase& db) {
            return createPost(db, me, QStringLiteral("written offline"), post::v1::VISIBILITY_PUBLIC);
        });
        (*replica)->sync().actionQueued();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Offline - changes waiting to be sent: 1")),
                                 15000);
        QVERIFY(status->text().contains(QStringLiteral("last synced")));
        QVERIFY(server.start());
        // F5 syncs now (and reads the feed again) rather than at the next try.
        QSignalSpy reloaded(qobject_cast<FeedModel*>(feed->model()), &FeedModel::loaded);
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_VERIFY(!reloaded.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(feed->model()->index(0, 0).data().toString(), QStringLiteral("written offline"),
                                  15000);
        QVERIFY(!feed->model()->index(0, 0).data(FeedModel::PendingRole).toBool());
    }
};

QTEST_MAIN(TestAccountWindow)
#include "tst_account_window.moc"
