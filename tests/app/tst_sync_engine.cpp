// The app's sync engine as the windows see it, against a real devcoll-server: up to date once
// the download is live and nothing waits to be sent; offline with the action counted while the
// server is away; up to date again, the action sent, once it is back.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "devcoll/post/v1/post.pb.h"
#include "server/test_server.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
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
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_sync_engine.moc"
