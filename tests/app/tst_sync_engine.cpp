// The app's sync engine as the windows see it, against a real devcoll-server: up to date once
// the download is live and nothing waits to be sent; offline with the action counted while the
// server is away; up to date again, the action sent, once it is back. Each account's replica
// in its own file in the data folder, which says whose it is.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "devcoll/post/v1/post.pb.h"
#include "server/test_server.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
#include "store/replica_state.h"
#include "sync/account_replica.h"
#include "sync/sync_engine.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestSyncEngine final : public QObject {
    Q_OBJECT

private slots:
    void theStatusFollowsTheServerAndTheQueue() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("engine_alice");
        QTemporaryDir dir;
        LocalStore store(dir.filePath("alice.db"));
        SyncEngineSettings settings;
        settings.download.firstRetry = settings.upload.firstRetry = std::chrono::milliseconds(100);
        settings.download.maxRetry = settings.upload.maxRetry = std::chrono::milliseconds(300);
        const std::string token = alice.accessToken;
        SyncEngine engine(
            store, server.channel(), [token] { return token; }, settings);
        QSignalSpy changed(&engine, &SyncEngine::statusChanged);
        QCOMPARE(engine.status().phase, SyncPhase::Stopped);

        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status().phase, SyncPhase::UpToDate, 15000);
        QVERIFY(engine.status().lastUpToDate.isValid());
        QCOMPARE(engine.status().pendingActions, 0);
        QVERIFY(!changed.isEmpty());

        server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status().phase, SyncPhase::Offline, 15000);
        QVERIFY(!engine.status().lastError.isEmpty());
        const QString me = QString::fromStdString(alice.id);
        auto queued = store.run<QString>([me](ReplicaDatabase& db) {
            return createPost(db, me, QStringLiteral("written while offline"), post::v1::VISIBILITY_PUBLIC);
        });
        queued.waitForFinished();
        QVERIFY(queued.result().ok());
        engine.actionQueued();
        QTRY_COMPARE(engine.status().pendingActions, 1);
        QCOMPARE(engine.status().phase, SyncPhase::Offline);

        QVERIFY(server.start());
        engine.retryNow();
        QTRY_COMPARE_WITH_TIMEOUT(engine.status().phase, SyncPhase::UpToDate, 15000);
        QCOMPARE(engine.status().pendingActions, 0);
        QCOMPARE(engine.status().actionIssues, 0);

        engine.stop();
        QCOMPARE(engine.status().phase, SyncPhase::Stopped);
    }

    void eachAccountHasItsOwnReplicaInTheDataFolder() {
        QStandardPaths::setTestModeEnabled(true);  // ~/.qttest, not the user's own data
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("engine_owner");
        const ServerAddress address{QStringLiteral("127.0.0.1"), 50051};
        const QString me = QString::fromStdString(alice.id);
        const std::string token = alice.accessToken;
        QString path;
        {
            auto opened = AccountReplica::open(address, me, server.channel(), [token] { return token; });
            QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
            AccountReplica& replica = **opened;
            path = replica.store().path();
            QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
            QVERIFY(path.contains(QStringLiteral("127.0.0.1_50051")));
            QTRY_COMPARE_WITH_TIMEOUT(replica.sync().status().phase, SyncPhase::UpToDate, 15000);
        }
        QVERIFY(QFile::exists(path));

        // A file that says it is someone else's replica is never synced into.
        {
            LocalStore store(path);
            auto marked = store.run<void>([](ReplicaDatabase& db) {
                return setState(db, StateKey::AccountId, QStringLiteral("0190a4b2-0000-7000-8000-000000000000"));
            });
            marked.waitForFinished();
            QVERIFY(marked.result().ok());
        }
        auto refused = AccountReplica::open(address, me, server.channel(), [token] { return token; });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::FailedPrecondition);

        auto notAnId = AccountReplica::open(address, QStringLiteral("../../etc"), server.channel(), [] { return ""; });
        QCOMPARE(notAnId.error().code, ErrorCode::InvalidArgument);
        QDir(QFileInfo(path).absolutePath()).removeRecursively();
        QStandardPaths::setTestModeEnabled(false);
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_sync_engine.moc"
