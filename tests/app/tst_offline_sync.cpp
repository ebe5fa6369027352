// The app's promise end to end, against a real devcoll-server: a hundred actions taken offline
// arrive once each and in order when the server is back, also those whose first answer was
// lost; an unfollow made offline takes the follow and the followee's posts out of the replica;
// two replicas of one account converge. "Matches the server" means: equal, row for row, to a replica freshly
// downloaded from the server afterwards.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app_test_support.h"
#include "devcoll/post/v1/post.pb.h"
#include "server/test_server.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
#include "store/replica_reads.h"
#include "sync/sync_engine.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;

class TestOfflineSync final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_dir;

    std::unique_ptr<SyncEngine> engineFor(LocalStore& store, const TestUser& user) {
        const std::string token = user.accessToken;
        return std::make_unique<SyncEngine>(
            store, m_server->channel(), [token] { return token; }, quickSyncSettings());
    }
    // A replica of `user` downloaded from scratch now: the server's view.
    QStringList serverView(const TestUser& user, const QString& name) {
        LocalStore fresh(m_dir.filePath(name));
        auto engine = engineFor(fresh, user);
        engine->start();
        if (!QTest::qWaitFor([&] { return settled(*engine); }, 20000)) return {QStringLiteral("never up to date")};
        return replicaRows(fresh);
    }
    // The user's posts on the server, oldest first.
    QStringList serverPostBodies(const TestUser& user) {
        QStringList bodies;
        pv1::ListUserPostsRequest request;
        request.set_user_id(user.id);
        request.set_page_size(100);
        for (;;) {
            pv1::ListUserPostsResponse page;
            if (!m_server->posts().ListUserPosts(TestServer::as(user).get(), request, &page).ok()) return {};
            for (const auto& p : page.posts()) bodies.prepend(QString::fromStdString(p.body()));
            if (page.next_page_token().empty()) return bodies;
            request.set_page_token(page.next_page_token());
        }
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void aHundredOfflineActionsArriveOnceAndInOrder() {
        const TestUser alice = m_server->newUser("offline_alice");
        const TestUser bob = m_server->newUser("offline_bob");
        QVERIFY(m_server->follow(alice, bob));
        QStringList bobsPosts;
        for (int i = 0; i < 5; ++i)
            bobsPosts << QString::fromStdString(m_server->createPost(bob, "bob's " + std::to_string(i)).id());
        LocalStore store(m_dir.filePath("hundred.db"));
        auto engine = engineFor(store, alice);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*engine), 20000);

        m_server->stop();
        const QString me = QString::fromStdString(alice.id);
        QStringList written;
        QStringList mine;
        for (int i = 0; i < 40; ++i) {
            const QString body = QStringLiteral("offline post %1").arg(i, 2, 10, QLatin1Char('0'));
            mine << onStore<QString>(
                store, [me, body](ReplicaDatabase& db) { return createPost(db, me, body, pv1::VISIBILITY_PUBLIC); });
            written << body;
        }
        const QStringList all = mine + bobsPosts;
        for (int i = 0; i < 30; ++i) {
            const QString post = all.at(i % all.size());
            onStore<void>(store, [me, post](ReplicaDatabase& db) { return likePost(db, me, post, true); });
        }
        for (int i = 0; i < 30; ++i) {
            const QString post = all.at((i * 7) % all.size());
            onStore<QString>(store, [me, post, i](ReplicaDatabase& db) {
                return commentOn(db, me, post, QStringLiteral("offline comment %1").arg(i));
            });
        }
        engine->actionQueued();
        QTRY_COMPARE(engine->status().pendingActions, 100);
        QCOMPARE(engine->status().phase, SyncPhase::Offline);

        QVERIFY(m_server->start());
        // Three posts reached the server before it went away, their answers lost: resent,
        // they are not doubled.
        for (int i = 0; i < 3; ++i) {
            pv1::CreatePostRequest request;
            request.set_post_id(mine.at(i).toStdString());
            request.set_body(written.at(i).toStdString());
            request.set_visibility(pv1::VISIBILITY_PUBLIC);
            pv1::CreatePostResponse response;
            QVERIFY(m_server->posts().CreatePost(TestServer::as(alice).get(), request, &response).ok());
        }
        engine->retryNow();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*engine), 30000);
        QCOMPARE(engine->status().actionIssues, 0);

        QCOMPARE(serverPostBodies(alice), written);  // each once, in the order written
        QTRY_COMPARE_WITH_TIMEOUT(replicaRows(store), serverView(alice, "hundred-fresh.db"), 20000);
        const QStringList rows = replicaRows(store);
        QCOMPARE(rows.filter(QStringLiteral("like|")).size(), 30);
        QCOMPARE(rows.filter(QStringLiteral("offline comment")).size(), 30);
    }

    void anUnfollowMadeOfflineTakesTheirPostsAway() {
        const TestUser alice = m_server->newUser("unfollow_alice");
        const TestUser bob = m_server->newUser("unfollow_bob");
        QVERIFY(m_server->follow(alice, bob));
        m_server->createPost(bob, "bob, for everyone");
        m_server->createPost(bob, "bob, for followers only", pv1::VISIBILITY_FOLLOWERS);
        LocalStore store(m_dir.filePath("unfollow.db"));
        auto engine = engineFor(store, alice);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*engine), 20000);
        QCOMPARE(replicaRows(store).filter(QStringLiteral("bob, for")).size(), 2);
        const QString me = QString::fromStdString(alice.id);
        const QString them = QString::fromStdString(bob.id);
        QCOMPARE(replicaRows(store).filter(QStringLiteral("follow|%1|%2").arg(me, them)).size(), 1);

        m_server->stop();
        onStore<void>(store, [me, them](ReplicaDatabase& db) { return follow(db, me, them, false); });
        engine->actionQueued();
        QVERIFY(m_server->start());
        engine->retryNow();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*engine), 30000);
        // The follow and bob's posts leave the replica.
        QTRY_COMPARE_WITH_TIMEOUT(replicaRows(store).filter(QStringLiteral("bob, for")).size(), 0, 20000);
        QCOMPARE(replicaRows(store).filter(QStringLiteral("follow|%1|%2").arg(me, them)).size(), 0);
        const auto feed =
            onStore<QList<PostRow>>(store, [me](ReplicaDatabase& db) { return homeFeed(db, me, {}, 50); });
        for (const PostRow& p : feed) QVERIFY(p.authorId != them);
        QCOMPARE(replicaRows(store), serverView(alice, "unfollow-fresh.db"));
    }

    void twoReplicasOfOneAccountConverge() {
        const TestUser alice = m_server->newUser("twice_alice");
        const TestUser bob = m_server->newUser("twice_bob");
        const QString me = QString::fromStdString(alice.id);
        const QString them = QString::fromStdString(bob.id);
        LocalStore laptop(m_dir.filePath("laptop.db"));
        LocalStore desktop(m_dir.filePath("desktop.db"));
        auto onLaptop = engineFor(laptop, alice);
        auto onDesktop = engineFor(desktop, alice);
        onLaptop->start();
        onDesktop->start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*onLaptop) && settled(*onDesktop), 20000);

        // The laptop is closed; both go on.
        onLaptop->stop();
        for (int i = 0; i < 5; ++i) {
            onStore<QString>(laptop, [me, i](ReplicaDatabase& db) {
                return createPost(db, me, QStringLiteral("from the laptop %1").arg(i), pv1::VISIBILITY_PUBLIC);
            });
            onStore<QString>(desktop, [me, i](ReplicaDatabase& db) {
                return createPost(db, me, QStringLiteral("from the desktop %1").arg(i), pv1::VISIBILITY_PUBLIC);
            });
        }
        onStore<void>(laptop, [me, them](ReplicaDatabase& db) { return follow(db, me, them, true); });
        onDesktop->actionQueued();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*onDesktop), 20000);

        onLaptop->start();
        QTRY_VERIFY_WITH_TIMEOUT(settled(*onLaptop), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(replicaRows(laptop), replicaRows(desktop), 20000);
        const QStringList rows = replicaRows(laptop);
        QCOMPARE(rows.filter(QStringLiteral("from the ")).size(), 10);
        QCOMPARE(rows.filter(QStringLiteral("follow|%1|%2").arg(me, them)).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOfflineSync)
#include "tst_offline_sync.moc"
