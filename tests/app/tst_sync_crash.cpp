// Kill -9 of a process running the sync engine, at random moments, 50 times: each time the
// replica it leaves is whole (SQLite's integrity check), every post and comment it reported
// created is still there, and actions and their effects agree (a post queued for sending is in
// the replica, a post marked pending has its action): they commit together. At the end one engine finishes the queue:
// the server holds every post exactly once, and the replica equals a replica freshly downloaded from the server.
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "app_test_support.h"
#include "devcoll/post/v1/post.pb.h"
#include "server/test_server.h"
#include "store/local_store.h"
#include "store/pending_actions.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;

namespace {

constexpr int kRounds = 50;

}  // namespace

class TestSyncCrash final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_dir;

    // One life of the child: started, left to work for a random while, killed. Returns the
    // posts and comments it reported created, as "post <id>" and "comment <id>".
    QStringList liveAndDie(const TestUser& alice, const QString& replica, int round) {
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DEVCOLL_TEST_TOKEN"), QString::fromStdString(alice.accessToken));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QStringLiteral(DEVCOLL_SYNC_CRASH_CHILD),
                    {QStringLiteral("--server"), QString::fromStdString(m_server->address()),
                     QStringLiteral("--replica"), replica, QStringLiteral("--account"),
                     QString::fromStdString(alice.id), QStringLiteral("--round"), QString::number(round)});
        if (!child.waitForStarted()) return {QStringLiteral("the child did not start")};
        // Killed at any point: while it opens the replica, mid-snapshot, mid-action, mid-upload.
        const int lifetime = QRandomGenerator::global()->bounded(20, 400);
        QTest::qWait(lifetime);
        child.kill();  // SIGKILL
        child.waitForFinished();
        QStringList done;
        const QStringList lines = QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'));
        for (const QString& line : lines) {
            if (line.startsWith(QStringLiteral("did post ")) || line.startsWith(QStringLiteral("did comment ")))
                done << line.mid(4);  // "post <id>", "comment <id>"
        }
        return done;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void killedAtRandomNothingIsLostOrDoubled() {
        const TestUser alice = m_server->newUser("crash_alice");
        const TestUser bob = m_server->newUser("crash_bob");
        QVERIFY(m_server->follow(alice, bob));
        for (int i = 0; i < 30; ++i) m_server->createPost(bob, "bob's post " + std::to_string(i));
        const QString replica = m_dir.filePath("crash.db");

        QSet<QString> reported;
        QSet<QString> comments;
        for (int round = 0; round < kRounds; ++round) {
            const QStringList created = liveAndDie(alice, replica, round);
            QVERIFY2(!created.contains(QStringLiteral("the child did not start")), "the child did not start");
            for (const QString& line : created) {
                if (line.startsWith(QStringLiteral("post "))) reported.insert(line.mid(5));
                if (line.startsWith(QStringLiteral("comment "))) comments.insert(line.mid(8));
            }

            LocalStore store(replica);
            const QStringList problems =
                onStore<QStringList>(store, [reported, comments](ReplicaDatabase& db) -> Result<QStringList> {
                    QStringList found;
                    DEVCOLL_TRY(auto check, db.select(QStringLiteral("PRAGMA integrity_check")));
                    if (check.isEmpty() || check.first()[0].toString() != QLatin1String("ok"))
                        found << QStringLiteral("integrity: ") +
                                     (check.isEmpty() ? QString() : check.first()[0].toString());
                    // Every post reported created survived.
                    for (const QString& id : reported) {
                        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT 1 FROM posts WHERE id = ?"), {id}));
                        if (rows.isEmpty()) found << QStringLiteral("lost post ") + id;
                    }
                    for (const QString& id : comments) {
                        DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT 1 FROM comments WHERE id = ?"), {id}));
                        if (rows.isEmpty()) found << QStringLiteral("lost comment ") + id;
                    }
                    // A post created here and not yet sent is in the replica...
                    DEVCOLL_TRY(auto unshown, db.select(QStringLiteral("SELECT entity_id FROM pending_mutations WHERE "
                                                                       "kind = ? AND state = 'queued' AND entity_id "
                                                                       "NOT IN (SELECT id FROM posts)"),
                                                        {static_cast<int>(ActionKind::CreatePost)}));
                    for (const QVariantList& r : unshown)
                        found << QStringLiteral("queued without its post ") + r[0].toString();
                    // ...and a row marked pending has its action waiting.
                    DEVCOLL_TRY(auto orphans,
                                db.select(QStringLiteral("SELECT id FROM posts WHERE pending = 1 AND id NOT IN (SELECT "
                                                         "entity_id FROM pending_mutations)")));
                    for (const QVariantList& r : orphans)
                        found << QStringLiteral("pending without action ") + r[0].toString();
                    return found;
                });
            QVERIFY2(problems.isEmpty(),
                     qPrintable(QStringLiteral("round %1: %2").arg(round).arg(problems.join(", "))));
        }
        QVERIFY2(reported.size() > kRounds, "the child should have done work in most lives");
        QVERIFY2(!comments.isEmpty(), "the child should have commented");

        // One last engine finishes what is queued.
        LocalStore store(replica);
        const std::string token = alice.accessToken;
        SyncEngine engine(
            store, m_server->channel(), [token] { return token; }, quickSyncSettings());
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(engine), 60000);
        QCOMPARE(engine.status().actionIssues, 0);

        // On the server: every post reported, each once.
        QStringList bodies;
        QSet<QString> onServer;
        pv1::ListUserPostsRequest request;
        request.set_user_id(alice.id);
        request.set_page_size(100);
        for (;;) {
            pv1::ListUserPostsResponse page;
            QVERIFY(m_server->posts().ListUserPosts(TestServer::as(alice).get(), request, &page).ok());
            for (const auto& p : page.posts()) {
                onServer.insert(QString::fromStdString(p.id()));
                bodies << QString::fromStdString(p.body());
            }
            if (page.next_page_token().empty()) break;
            request.set_page_token(page.next_page_token());
        }
        for (const QString& id : reported)
            QVERIFY2(onServer.contains(id), qPrintable(QStringLiteral("not on the server: ") + id));
        QCOMPARE(QSet<QString>(bodies.begin(), bodies.end()).size(), bodies.size());

        // The replica equals the server's view of it.
        LocalStore fresh(m_dir.filePath("fresh.db"));
        SyncEngine freshEngine(
            fresh, m_server->channel(), [token] { return token; }, quickSyncSettings());
        freshEngine.start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(freshEngine), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(replicaRows(store), replicaRows(fresh), 20000);
        qInfo("%d lives, %lld posts reported, %lld on the server", kRounds, qlonglong(reported.size()),
              qlonglong(onServer.size()));
    }
};

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "tst_sync_crash.moc"
