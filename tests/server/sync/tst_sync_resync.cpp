// A replica that was away longer than the server keeps tombstones: its next Pull or Subscribe
// brings its whole current view by name (so it drops what it missed the deletion of) and then
// the changes as usual; when the view is too large to name, RESYNC_REQUIRED asks for a new
// snapshot. The server here keeps tombstones for a second and names at most 20 entities.
#include <QTest>

#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::sync::v1;

class TestSyncResync final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<sv1::SyncService::Stub> m_sync;

    // One Pull from `cursor`; `reason` gets the devcoll-reason trailer when there is one.
    grpc::Status pullOnce(const TestUser& as, const std::string& cursor, sv1::PullResponse* resp,
                          std::string* reason = nullptr) {
        auto ctx = TestServer::as(as);
        sv1::PullRequest req;
        req.set_cursor(cursor);
        const grpc::Status status = m_sync->Pull(ctx.get(), req, resp);
        const auto& trailers = ctx->GetServerTrailingMetadata();
        if (const auto it = trailers.find("devcoll-reason"); it != trailers.end() && reason) {
            *reason = std::string(it->second.data(), it->second.size());
        }
        return status;
    }

    bool deletePost(const TestUser& as, const std::string& id) {
        pv1::DeletePostRequest req;
        req.set_post_id(id);
        pv1::DeletePostResponse resp;
        return m_server->posts().DeletePost(TestServer::as(as).get(), req, &resp).ok();
    }

    static std::set<std::pair<int, std::string>> keysOf(const Replica& replica) {
        std::set<std::pair<int, std::string>> keys;
        for (const auto& [key, change] : replica.entities) keys.insert(key);
        return keys;
    }

private slots:
    void initTestCase() {
        Config config = TestServer::defaultConfig();
        config.sync.retention = std::chrono::seconds(1);
        config.sync.purgeInterval = std::chrono::milliseconds(100);
        config.sync.resyncScopeLimit = 20;
        m_server = std::make_unique<TestServer>(config);
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_sync = sv1::SyncService::NewStub(m_server->channel());
    }

    void aReplicaBehindTheKeptTombstonesGetsItsViewByName() {
        TestUser alice = m_server->newUser("diff_alice");
        TestUser bob = m_server->newUser("diff_bob");
        QVERIFY(m_server->follow(alice, bob));
        const pv1::Post kept = m_server->createPost(bob, "still here");
        const pv1::Post doomed = m_server->createPost(bob, "soon deleted");
        // Alice's replica holds both posts, then goes offline.
        Replica away;
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, alice, away);
            return away.has(sv1::ENTITY_KIND_POST, kept.id()) && away.has(sv1::ENTITY_KIND_POST, doomed.id());
        }()));
        const std::string oldCursor = away.cursor;
        QVERIFY(deletePost(bob, doomed.id()));
        const pv1::Post later = m_server->createPost(bob, "written while alice was away");

        // Once the deletion's tombstone is dropped, the old cursor gets a diff.
        sv1::PullResponse first;
        QTRY_VERIFY_WITH_TIMEOUT(pullOnce(alice, oldCursor, &first).ok() && first.has_resync(), 10000);
        QVERIFY(first.resync().scope_size() > 0);
        for (const auto& ref : first.resync().scope()) QVERIFY(ref.entity_id() != doomed.id());

        // Applied, it leaves the replica as a new snapshot would, keeping what it had.
        QTRY_VERIFY(([&] {
            Replica replica = away;
            pullAll(*m_sync, alice, replica);
            return replica.has(sv1::ENTITY_KIND_POST, later.id());
        }()));
        pullAll(*m_sync, alice, away);
        QVERIFY(!away.has(sv1::ENTITY_KIND_POST, doomed.id()));
        QVERIFY(away.has(sv1::ENTITY_KIND_POST, kept.id()));
        QVERIFY(away.has(sv1::ENTITY_KIND_PROFILE, bob.id));
        Replica fresh;
        QVERIFY(takeSnapshot(*m_sync, alice, fresh));
        QCOMPARE(keysOf(away), keysOf(fresh));

        // From the cursor the diff led to, Pull goes on change by change.
        sv1::PullResponse next;
        QVERIFY(pullOnce(alice, away.cursor, &next).ok());
        QVERIFY(!next.has_resync());
        // A replica starting from nothing holds nothing to drop: no diff for the empty cursor.
        sv1::PullResponse fromStart;
        QVERIFY(pullOnce(alice, "", &fromStart).ok());
        QVERIFY(!fromStart.has_resync());

        // Subscribe from the old cursor sends the same diff first, then the changes.
        Stream stream(*m_sync, alice, oldCursor);
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        const auto messages = stream.messages();
        QVERIFY(messages.front().has_resync());
        QCOMPARE(messages.front().resync().scope_size(), first.resync().scope_size());
        QVERIFY(stream.post(later.id()).has_value());
    }

    void aViewTooLargeToNameAsksForANewSnapshot() {
        TestUser carol = m_server->newUser("big_carol");
        TestUser dan = m_server->newUser("big_dan");
        QVERIFY(m_server->follow(carol, dan));
        std::vector<pv1::Post> posts;
        for (int i = 0; i < 25; ++i) posts.push_back(m_server->createPost(dan, "post " + std::to_string(i)));
        Replica away;
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, carol, away);
            return away.ids(sv1::ENTITY_KIND_POST).size() == posts.size();
        }()));
        QVERIFY(deletePost(dan, posts.front().id()));

        std::string reason;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     sv1::PullResponse resp;
                                     return pullOnce(carol, away.cursor, &resp, &reason).error_code() ==
                                            grpc::StatusCode::FAILED_PRECONDITION;
                                 }()),
                                 10000);
        QCOMPARE(reason, std::string("RESYNC_REQUIRED"));
        Stream stream(*m_sync, carol, away.cursor);
        QTRY_VERIFY(stream.finished());
        DEVCOLL_COMPARE_CODE(stream.status(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY(stream.messages().empty());

        // A new snapshot no longer holds the post, and its cursor goes on.
        Replica fresh;
        QVERIFY(takeSnapshot(*m_sync, carol, fresh));
        QVERIFY(!fresh.has(sv1::ENTITY_KIND_POST, posts.front().id()));
        QCOMPARE(fresh.ids(sv1::ENTITY_KIND_POST).size(), posts.size() - 1);
        sv1::PullResponse after;
        QVERIFY(pullOnce(carol, fresh.cursor, &after).ok());
    }
};

QTEST_GUILESS_MAIN(TestSyncResync)
#include "tst_sync_resync.moc"
