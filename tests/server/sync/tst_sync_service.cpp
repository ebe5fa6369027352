// The sync service over real gRPC: a replica's Snapshot and Pull hold exactly what its user may
// see, every kind of change arrives in order (upserts with versions, tombstones), scope follows
// the follow graph, cursors are the user's own, and a snapshot taken while writes happen loses
// nothing.
#include <QTest>

#include <map>
#include <set>
#include <thread>

#include "devcoll/ids.h"
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::sync::v1;
namespace uv1 = devcoll::user::v1;

class TestSyncService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<sv1::SyncService::Stub> m_sync;

    static bool contains(const std::vector<sv1::Change>& changes, sv1::EntityKind kind, const std::string& id,
                         bool tombstone) {
        return std::any_of(changes.begin(), changes.end(), [&](const sv1::Change& c) {
            return c.kind() == kind && c.entity_id() == id && c.tombstone() == tombstone;
        });
    }

private slots:
    void initTestCase() {
        Config config = TestServer::defaultConfig();
        config.sync.heartbeatInterval = std::chrono::milliseconds(200);
        m_server = std::make_unique<TestServer>(config);
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_sync = sv1::SyncService::NewStub(m_server->channel());
    }

    void aSnapshotHoldsTheCallersViewAndEndsWithACursor() {
        TestUser alice = m_server->newUser("snap_alice");
        TestUser bob = m_server->newUser("snap_bob");
        TestUser carol = m_server->newUser("snap_carol");
        QVERIFY(m_server->follow(alice, bob));
        const pv1::Post mine = m_server->createPost(alice, "alice's own words");
        const pv1::Post bobPublic = m_server->createPost(bob, "bob in public");
        const pv1::Post bobFollowers = m_server->createPost(bob, "bob for followers", pv1::VISIBILITY_FOLLOWERS);
        const pv1::Post carols = m_server->createPost(carol, "carol, whom alice does not follow");
        pv1::LikePostRequest like;
        like.set_post_id(bobPublic.id());
        pv1::LikePostResponse liked;
        QVERIFY(m_server->posts().LikePost(TestServer::as(alice).get(), like, &liked).ok());

        // Events arrive a moment after the writes: wait until the like is in alice's view.
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return takeSnapshot(*m_sync, alice, replica, 2) &&
                   replica.has(sv1::ENTITY_KIND_LIKE, bobPublic.id() + ":" + alice.id);
        }()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_PROFILE, alice.id));
        QVERIFY(replica.has(sv1::ENTITY_KIND_PROFILE, bob.id));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_PROFILE, carol.id));
        QVERIFY(replica.has(sv1::ENTITY_KIND_FOLLOW, alice.id + ":" + bob.id));
        QCOMPARE(replica.ids(sv1::ENTITY_KIND_POST),
                 (std::set<std::string>{mine.id(), bobPublic.id(), bobFollowers.id()}));
        const auto& entity = replica.entities.at({sv1::ENTITY_KIND_POST, bobFollowers.id()});
        QCOMPARE(entity.post().body(), std::string("bob for followers"));
        QCOMPARE(entity.post().visibility(), pv1::VISIBILITY_FOLLOWERS);
        QCOMPARE(entity.version(), std::int64_t{1});

        // Nothing happened since: Pull from the snapshot's cursor is empty and keeps the cursor.
        sv1::PullRequest req;
        req.set_cursor(replica.cursor);
        sv1::PullResponse resp;
        QVERIFY(m_sync->Pull(TestServer::as(alice).get(), req, &resp).ok());
        QCOMPARE(resp.changes_size(), 0);
        QVERIFY(!resp.has_more());
        QCOMPARE(resp.next_cursor(), replica.cursor);
    }

    void pullBringsEveryKindOfChangeInOrder() {
        TestUser alice = m_server->newUser("pull_alice");
        TestUser bob = m_server->newUser("pull_bob");
        QVERIFY(m_server->follow(alice, bob));
        const pv1::Post p = m_server->createPost(bob, "first words");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return takeSnapshot(*m_sync, alice, replica) && replica.has(sv1::ENTITY_KIND_POST, p.id());
        }()));

        // An edit, a comment, a like and unlike, a profile change, a deletion.
        pv1::UpdatePostRequest edit;
        edit.mutable_post()->set_id(p.id());
        edit.mutable_post()->set_body("second words");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(1);
        pv1::UpdatePostResponse edited;
        QVERIFY(m_server->posts().UpdatePost(TestServer::as(bob).get(), edit, &edited).ok());
        pv1::CreateCommentRequest comment;
        comment.set_post_id(p.id());
        comment.set_body("a comment by bob");
        pv1::CreateCommentResponse commented;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(bob).get(), comment, &commented).ok());
        uv1::UpdateProfileRequest profile;
        profile.mutable_profile()->set_bio("bob's new bio");
        profile.mutable_update_mask()->add_paths("bio");
        profile.set_expected_version(1);
        uv1::UpdateProfileResponse updated;
        QVERIFY(m_server->users().UpdateProfile(TestServer::as(bob).get(), profile, &updated).ok());
        const pv1::Post doomed = m_server->createPost(bob, "soon gone");
        pv1::DeletePostRequest del;
        del.set_post_id(doomed.id());
        pv1::DeletePostResponse deleted;
        QVERIFY(m_server->posts().DeletePost(TestServer::as(bob).get(), del, &deleted).ok());

        // The post service's events and the user service's come through two relays: wait for the
        // last of each.
        std::vector<sv1::Change> seen;
        QTRY_VERIFY(([&] {
            for (auto& c : pullAll(*m_sync, alice, replica)) seen.push_back(c);
            return contains(seen, sv1::ENTITY_KIND_POST, doomed.id(), true) &&
                   replica.has(sv1::ENTITY_KIND_PROFILE, bob.id) &&
                   replica.entities.at({sv1::ENTITY_KIND_PROFILE, bob.id}).profile().bio() == "bob's new bio";
        }()));
        QCOMPARE(replica.version(sv1::ENTITY_KIND_POST, p.id()), std::int64_t{2});
        QCOMPARE(replica.entities.at({sv1::ENTITY_KIND_POST, p.id()}).post().body(), std::string("second words"));
        QVERIFY(replica.has(sv1::ENTITY_KIND_COMMENT, commented.comment().id()));
        QCOMPARE(replica.entities.at({sv1::ENTITY_KIND_PROFILE, bob.id}).profile().bio(), std::string("bob's new bio"));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, doomed.id()));
        // Oldest first, each with a cursor of its own; a replayed page changes nothing.
        for (std::size_t i = 1; i < seen.size(); ++i) QVERIFY(seen[i].cursor() != seen[i - 1].cursor());
        const Replica before = replica;
        for (const auto& c : seen) replica.apply(c);
        QCOMPARE(replica.ids(sv1::ENTITY_KIND_POST), before.ids(sv1::ENTITY_KIND_POST));
    }

    void followingBackfillsAndUnfollowingRemovesTheirPosts() {
        TestUser alice = m_server->newUser("scope_alice");
        TestUser dave = m_server->newUser("scope_dave");
        const pv1::Post open = m_server->createPost(dave, "dave in public");
        const pv1::Post closed = m_server->createPost(dave, "dave for followers", pv1::VISIBILITY_FOLLOWERS);
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, alice, replica));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, open.id()));

        QVERIFY(m_server->follow(alice, dave));
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, alice, replica);
            return replica.has(sv1::ENTITY_KIND_POST, closed.id());
        }()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_POST, open.id()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_PROFILE, dave.id));

        QVERIFY(m_server->unfollow(alice, dave));
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, alice, replica);
            return !replica.has(sv1::ENTITY_KIND_FOLLOW, alice.id + ":" + dave.id);
        }()));
        // Both leave, public or not: the replica ends as a new snapshot would.
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, closed.id()));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, open.id()));
        Replica fresh;
        QVERIFY(takeSnapshot(*m_sync, alice, fresh));
        QVERIFY(!fresh.has(sv1::ENTITY_KIND_POST, open.id()));
    }

    void aStreamHoldsOnlyWhatItsUserMaySee() {
        TestUser bob = m_server->newUser("adv_bob");
        TestUser friendly = m_server->newUser("adv_friend");
        TestUser mallory = m_server->newUser("adv_mallory");
        QVERIFY(m_server->follow(friendly, bob));
        const pv1::Post secret = m_server->createPost(bob, "only for my followers", pv1::VISIBILITY_FOLLOWERS);
        const pv1::Post open = m_server->createPost(bob, "for everyone");
        Replica friendsView;
        QTRY_VERIFY(([&] {
            friendsView = Replica();
            return takeSnapshot(*m_sync, friendly, friendsView) && friendsView.has(sv1::ENTITY_KIND_POST, secret.id());
        }()));

        // Mallory sees neither post (she follows nobody), in a snapshot or pulling from the start.
        Replica mallorysView;
        QVERIFY(takeSnapshot(*m_sync, mallory, mallorysView));
        Replica fromStart;
        pullAll(*m_sync, mallory, fromStart);
        for (const Replica* view : {&mallorysView, &fromStart}) {
            QVERIFY(!view->has(sv1::ENTITY_KIND_POST, secret.id()));
            QVERIFY(!view->has(sv1::ENTITY_KIND_POST, open.id()));
            QVERIFY(!view->has(sv1::ENTITY_KIND_PROFILE, bob.id));
            for (const auto& [key, change] : view->entities) {
                if (key.first == sv1::ENTITY_KIND_POST) QCOMPARE(change.post().author_id(), mallory.id);
            }
        }
        // Another user's cursor, and a forged one, are refused.
        for (const std::string& cursor : {friendsView.cursor, friendsView.cursor + "x", std::string("garbage")}) {
            sv1::PullRequest req;
            req.set_cursor(cursor);
            sv1::PullResponse resp;
            DEVCOLL_COMPARE_CODE(m_sync->Pull(TestServer::as(mallory).get(), req, &resp),
                                 grpc::StatusCode::INVALID_ARGUMENT);
        }
        sv1::PullRequest tooMany;
        tooMany.set_limit(1001);
        sv1::PullResponse resp;
        DEVCOLL_COMPARE_CODE(m_sync->Pull(TestServer::as(mallory).get(), tooMany, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(m_sync->Pull(TestServer::anonymous().get(), sv1::PullRequest(), &resp),
                             grpc::StatusCode::UNAUTHENTICATED);
    }

    void aSnapshotTakenWhileWritesHappenLosesNothing() {
        TestUser alice = m_server->newUser("busy_alice");
        TestUser bob = m_server->newUser("busy_bob");
        QVERIFY(m_server->follow(alice, bob));
        std::vector<pv1::Post> posts;
        for (int i = 0; i < 60; ++i) posts.push_back(m_server->createPost(bob, "steady post " + std::to_string(i)));
        QTRY_VERIFY(([&] {
            Replica r;
            return takeSnapshot(*m_sync, alice, r) && r.has(sv1::ENTITY_KIND_POST, posts.back().id());
        }()));

        // Between snapshot pages, bob writes, edits and deletes.
        int step = 0;
        std::vector<std::string> created;
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, alice, replica, 5, [&] {
            const int i = step++;
            created.push_back(m_server->createPost(bob, "written mid snapshot " + std::to_string(i)).id());
            pv1::UpdatePostRequest edit;
            edit.mutable_post()->set_id(posts[static_cast<std::size_t>(i)].id());
            edit.mutable_post()->set_body("edited mid snapshot");
            edit.mutable_update_mask()->add_paths("body");
            edit.set_expected_version(1);
            pv1::UpdatePostResponse edited;
            (void)m_server->posts().UpdatePost(TestServer::as(bob).get(), edit, &edited);
            pv1::DeletePostRequest del;
            del.set_post_id(posts[posts.size() - 1 - static_cast<std::size_t>(i)].id());
            pv1::DeletePostResponse deleted;
            (void)m_server->posts().DeletePost(TestServer::as(bob).get(), del, &deleted);
        }));
        QVERIFY(step > 5);

        // What the replica ends with, after pulling, is exactly bob's posts as they are now.
        std::map<std::string, std::int64_t> truth;
        pv1::ListUserPostsRequest list;
        list.set_user_id(bob.id);
        list.set_page_size(100);
        do {
            pv1::ListUserPostsResponse page;
            QVERIFY(m_server->posts().ListUserPosts(TestServer::as(alice).get(), list, &page).ok());
            for (const auto& p : page.posts()) truth[p.id()] = p.version();
            list.set_page_token(page.next_page_token());
        } while (!list.page_token().empty());
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, alice, replica);
            std::map<std::string, std::int64_t> held;
            for (const auto& id : replica.ids(sv1::ENTITY_KIND_POST)) {
                const auto& c = replica.entities.at({sv1::ENTITY_KIND_POST, id});
                if (c.post().author_id() == bob.id) held[id] = c.version();
            }
            return held == truth;
        }()));
    }

    void subscribeSendsTheBacklogThenChangesAsTheyHappen() {
        TestUser alice = m_server->newUser("live_alice");
        TestUser bob = m_server->newUser("live_bob");
        QVERIFY(m_server->follow(alice, bob));
        const pv1::Post before = m_server->createPost(bob, "written before alice connected");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return takeSnapshot(*m_sync, alice, replica) && replica.has(sv1::ENTITY_KIND_POST, before.id());
        }()));
        const pv1::Post backlog = m_server->createPost(bob, "written while alice was away");

        auto stream = std::make_unique<Stream>(*m_sync, alice, replica.cursor);
        QTRY_VERIFY(stream->post(backlog.id()).has_value());
        QTRY_VERIFY(stream->has(sv1::SubscribeResponse::kCheckpoint));
        QVERIFY(!stream->post(before.id()));  // already in the snapshot
        const pv1::Post live = m_server->createPost(bob, "written while alice listens");
        QTRY_VERIFY(stream->post(live.id()).has_value());
        QCOMPARE(stream->post(live.id())->post().body(), std::string("written while alice listens"));
        // Idle, the stream says it is alive.
        QTRY_VERIFY(stream->has(sv1::SubscribeResponse::kHeartbeat));

        // Gone for a while, then back with the last cursor: nothing is lost, nothing repeated.
        const std::string cursor = stream->lastCursor();
        stream.reset();
        const pv1::Post missed = m_server->createPost(bob, "written while alice was offline");
        Stream again(*m_sync, alice, cursor);
        QTRY_VERIFY(again.post(missed.id()).has_value());
        QVERIFY(!again.post(live.id()));
    }

    void subscribeRefusesWhatIsNotTheCallers() {
        TestUser alice = m_server->newUser("sub_alice");
        TestUser mallory = m_server->newUser("sub_mallory");
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, alice, replica));
        Stream stolen(*m_sync, mallory, replica.cursor);
        QTRY_VERIFY(stolen.finished());
        DEVCOLL_COMPARE_CODE(stolen.status(), grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY(stolen.messages().empty());
        Stream anonymous(*m_sync, TestUser{}, "");
        QTRY_VERIFY(anonymous.finished());
        DEVCOLL_COMPARE_CODE(anonymous.status(), grpc::StatusCode::UNAUTHENTICATED);
    }

    void operatorsSeeTheSyncStatus() {
        const TestUser admin = m_server->operatorUser();
        QVERIFY(!admin.accessToken.empty());
        sv1::GetSyncStatusResponse status;
        auto openStreams = [&] {
            return m_sync->GetSyncStatus(TestServer::as(admin).get(), {}, &status).ok() ? status.open_streams() : -1;
        };
        // The streams of earlier tests are gone once their calls are over.
        QTRY_COMPARE(openStreams(), std::int64_t{0});

        TestUser alice = m_server->newUser("status_alice");
        TestUser bob = m_server->newUser("status_bob");
        QVERIFY(m_server->follow(alice, bob));
        const pv1::Post p = m_server->createPost(bob, "counted");
        Stream stream(*m_sync, alice, "");
        QTRY_VERIFY(stream.post(p.id()).has_value());

        // Not for users.
        DEVCOLL_COMPARE_CODE(m_sync->GetSyncStatus(TestServer::as(alice).get(), {}, &status),
                             grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(m_sync->GetSyncStatus(TestServer::anonymous().get(), {}, &status),
                             grpc::StatusCode::UNAUTHENTICATED);

        const grpc::Status outcome = m_sync->GetSyncStatus(TestServer::as(admin).get(), {}, &status);
        QVERIFY2(outcome.ok(), qPrintable(describe(outcome)));
        QCOMPARE(status.open_streams(), std::int64_t{1});
        QCOMPARE(status.streaming_users(), std::int64_t{1});
        QVERIFY(status.user_log_rows() > 0);
        QVERIFY(status.audience_log_rows() > 0);  // bob's post, for his followers
        QVERIFY(status.entities() > 0);
        QVERIFY(status.position() > 0);
        QVERIFY(status.has_last_event_at() && status.has_last_event_lag());
        QVERIFY(status.last_event_lag().seconds() >= 0 && status.last_event_lag().seconds() < 60);

        // Two streams of one user are one streaming user.
        {
            Stream again(*m_sync, alice, "");
            Stream bobs(*m_sync, bob, "");
            QTRY_VERIFY(again.has(sv1::SubscribeResponse::kCheckpoint) &&
                        bobs.has(sv1::SubscribeResponse::kCheckpoint));
            QVERIFY(m_sync->GetSyncStatus(TestServer::as(admin).get(), {}, &status).ok());
            QCOMPARE(status.open_streams(), std::int64_t{3});
            QCOMPARE(status.streaming_users(), std::int64_t{2});
        }
        QTRY_COMPARE(openStreams(), std::int64_t{1});
    }

    void aDeletedAccountLeavesEveryReplica() {
        TestUser alice = m_server->newUser("gone_alice");
        TestUser erin = m_server->newUser("gone_erin");
        QVERIFY(m_server->follow(alice, erin));
        const pv1::Post p = m_server->createPost(erin, "erin was here");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return takeSnapshot(*m_sync, alice, replica) && replica.has(sv1::ENTITY_KIND_POST, p.id());
        }()));
        uv1::DeleteAccountRequest req;
        req.set_password(erin.password);
        uv1::DeleteAccountResponse resp;
        QVERIFY(m_server->users().DeleteAccount(TestServer::as(erin).get(), req, &resp).ok());
        QTRY_VERIFY(([&] {
            pullAll(*m_sync, alice, replica);
            return !replica.has(sv1::ENTITY_KIND_POST, p.id()) && !replica.has(sv1::ENTITY_KIND_PROFILE, erin.id);
        }()));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_FOLLOW, alice.id + ":" + erin.id));
    }

    // Last: restarts the server.
    void shuttingDownEndsStreamsWithUnavailable() {
        TestUser alice = m_server->newUser("shut_alice");
        Stream stream(*m_sync, alice, "");
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        QVERIFY(m_server->restart());
        QTRY_VERIFY(stream.finished());
        DEVCOLL_COMPARE_CODE(stream.status(), grpc::StatusCode::UNAVAILABLE);
    }
};

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_sync_service.moc"
