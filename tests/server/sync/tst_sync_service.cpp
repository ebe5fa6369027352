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
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::sync::v1;
namespace uv1 = devcoll::user::v1;

namespace {

// A stand-in replica: entities by (kind, id) with their versions, applied the way the proto
// says a client applies changes (skip what is not newer; drop tombstones).
struct Replica final {
    std::map<std::pair<int, std::string>, sv1::Change> entities;
    std::string cursor;

    void apply(const sv1::Change& c) {
        const auto key = std::make_pair(static_cast<int>(c.kind()), c.entity_id());
        if (c.tombstone()) {
            entities.erase(key);
            return;
        }
        const auto it = entities.find(key);
        if (it == entities.end() || it->second.version() <= c.version()) entities[key] = c;
    }
    bool has(sv1::EntityKind kind, const std::string& id) const {
        return entities.contains(std::make_pair(static_cast<int>(kind), id));
    }
    std::int64_t version(sv1::EntityKind kind, const std::string& id) const {
        const auto it = entities.find(std::make_pair(static_cast<int>(kind), id));
        return it == entities.end() ? 0 : it->second.version();
    }
    std::set<std::string> ids(sv1::EntityKind kind) const {
        std::set<std::string> out;
        for (const auto& [key, change] : entities) {
            if (key.first == kind) out.insert(key.second);
        }
        return out;
    }
};

// A Subscribe stream read on a thread of its own, as an app would keep it open.
class Stream final {
public:
    Stream(sv1::SyncService::Stub& stub, const TestUser& as, const std::string& cursor) {
        m_ctx.AddMetadata("authorization", "Bearer " + as.accessToken);
        sv1::SubscribeRequest req;
        req.set_cursor(cursor);
        m_reader = stub.Subscribe(&m_ctx, req);
        m_thread = std::thread([this] {
            sv1::SubscribeResponse message;
            while (m_reader->Read(&message)) {
                std::lock_guard lock(m_mutex);
                m_messages.push_back(message);
            }
            const grpc::Status status = m_reader->Finish();
            std::lock_guard lock(m_mutex);
            m_status = status;
            m_finished = true;
        });
    }
    ~Stream() {
        m_ctx.TryCancel();
        m_thread.join();
    }

    std::vector<sv1::SubscribeResponse> messages() const {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }
    bool finished() const {
        std::lock_guard lock(m_mutex);
        return m_finished;
    }
    grpc::Status status() const {
        std::lock_guard lock(m_mutex);
        return m_status;
    }
    // The change for a post, if it arrived.
    std::optional<sv1::Change> post(const std::string& id) const {
        for (const auto& m : messages()) {
            if (m.has_change() && m.change().kind() == sv1::ENTITY_KIND_POST && m.change().entity_id() == id) {
                return m.change();
            }
        }
        return std::nullopt;
    }
    bool has(sv1::SubscribeResponse::EventCase kind) const {
        for (const auto& m : messages()) {
            if (m.event_case() == kind) return true;
        }
        return false;
    }
    // The cursor of the last change or checkpoint received.
    std::string lastCursor() const {
        std::string cursor;
        for (const auto& m : messages()) {
            if (m.has_change()) cursor = m.change().cursor();
            if (m.has_checkpoint()) cursor = m.checkpoint().cursor();
        }
        return cursor;
    }

private:
    grpc::ClientContext m_ctx;
    std::unique_ptr<grpc::ClientReader<sv1::SubscribeResponse>> m_reader;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::vector<sv1::SubscribeResponse> m_messages;
    grpc::Status m_status;
    bool m_finished = false;
};

}  // namespace

class TestSyncService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<sv1::SyncService::Stub> m_sync;

    TestUser newUser(const std::string& prefix) {
        TestUser u = m_server->registerUser(prefix);
        if (!m_server->waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }

    pv1::Post post(const TestUser& as, const std::string& body, pv1::Visibility visibility = pv1::VISIBILITY_PUBLIC) {
        pv1::CreatePostRequest req;
        req.set_body(body);
        req.set_visibility(visibility);
        pv1::CreatePostResponse resp;
        if (!m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp).ok()) return {};
        return resp.post();
    }

    bool follow(const TestUser& who, const TestUser& whom, bool yes = true) {
        uv1::FollowRequest req;
        req.set_user_id(whom.id);
        uv1::FollowResponse resp;
        if (yes) return m_server->users().Follow(TestServer::as(who).get(), req, &resp).ok();
        uv1::UnfollowRequest un;
        un.set_user_id(whom.id);
        uv1::UnfollowResponse unResp;
        return m_server->users().Unfollow(TestServer::as(who).get(), un, &unResp).ok();
    }

    // Pages through a whole snapshot into `replica`; false on an error.
    bool snapshot(const TestUser& as, Replica& replica, int pageSize = 0,
                  const std::function<void()>& betweenPages = {}) {
        sv1::SnapshotRequest req;
        req.set_page_size(pageSize);
        for (;;) {
            sv1::SnapshotResponse resp;
            const grpc::Status status = m_sync->Snapshot(TestServer::as(as).get(), req, &resp);
            if (!status.ok()) {
                qWarning("Snapshot: %s", qPrintable(describe(status)));
                return false;
            }
            for (const auto& c : resp.changes()) {
                if (c.tombstone()) return false;  // a snapshot holds upserts only
                replica.apply(c);
            }
            if (resp.next_page_token().empty()) {
                replica.cursor = resp.cursor();
                return !replica.cursor.empty();
            }
            req.set_page_token(resp.next_page_token());
            if (betweenPages) betweenPages();
        }
    }

    // Pulls until nothing more waits; the changes seen, in order.
    std::vector<sv1::Change> pull(const TestUser& as, Replica& replica, grpc::Status* status = nullptr) {
        std::vector<sv1::Change> seen;
        for (;;) {
            sv1::PullRequest req;
            req.set_cursor(replica.cursor);
            req.set_limit(50);
            sv1::PullResponse resp;
            const grpc::Status s = m_sync->Pull(TestServer::as(as).get(), req, &resp);
            if (status) *status = s;
            if (!s.ok()) return seen;
            for (const auto& c : resp.changes()) {
                replica.apply(c);
                seen.push_back(c);
            }
            replica.cursor = resp.next_cursor();
            if (!resp.has_more()) return seen;
        }
    }

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
        TestUser alice = newUser("snap_alice");
        TestUser bob = newUser("snap_bob");
        TestUser carol = newUser("snap_carol");
        QVERIFY(follow(alice, bob));
        const pv1::Post mine = post(alice, "alice's own words");
        const pv1::Post bobPublic = post(bob, "bob in public");
        const pv1::Post bobFollowers = post(bob, "bob for followers", pv1::VISIBILITY_FOLLOWERS);
        const pv1::Post carols = post(carol, "carol, whom alice does not follow");
        pv1::LikePostRequest like;
        like.set_post_id(bobPublic.id());
        pv1::LikePostResponse liked;
        QVERIFY(m_server->posts().LikePost(TestServer::as(alice).get(), like, &liked).ok());

        // Events arrive a moment after the writes: wait until the like is in alice's view.
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return snapshot(alice, replica, 2) && replica.has(sv1::ENTITY_KIND_LIKE, bobPublic.id() + ":" + alice.id);
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
        TestUser alice = newUser("pull_alice");
        TestUser bob = newUser("pull_bob");
        QVERIFY(follow(alice, bob));
        const pv1::Post p = post(bob, "first words");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return snapshot(alice, replica) && replica.has(sv1::ENTITY_KIND_POST, p.id());
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
        const pv1::Post doomed = post(bob, "soon gone");
        pv1::DeletePostRequest del;
        del.set_post_id(doomed.id());
        pv1::DeletePostResponse deleted;
        QVERIFY(m_server->posts().DeletePost(TestServer::as(bob).get(), del, &deleted).ok());

        std::vector<sv1::Change> seen;
        QTRY_VERIFY(([&] {
            for (auto& c : pull(alice, replica)) seen.push_back(c);
            return contains(seen, sv1::ENTITY_KIND_POST, doomed.id(), true);
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

    void followingBackfillsAndUnfollowingRemovesFollowersOnlyPosts() {
        TestUser alice = newUser("scope_alice");
        TestUser dave = newUser("scope_dave");
        const pv1::Post open = post(dave, "dave in public");
        const pv1::Post closed = post(dave, "dave for followers", pv1::VISIBILITY_FOLLOWERS);
        Replica replica;
        QVERIFY(snapshot(alice, replica));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, open.id()));

        QVERIFY(follow(alice, dave));
        QTRY_VERIFY(([&] {
            pull(alice, replica);
            return replica.has(sv1::ENTITY_KIND_POST, closed.id());
        }()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_POST, open.id()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_PROFILE, dave.id));

        QVERIFY(follow(alice, dave, false));
        QTRY_VERIFY(([&] {
            pull(alice, replica);
            return !replica.has(sv1::ENTITY_KIND_FOLLOW, alice.id + ":" + dave.id);
        }()));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_POST, closed.id()));
        QVERIFY(replica.has(sv1::ENTITY_KIND_POST, open.id()));  // public: still visible to alice
    }

    void aStreamHoldsOnlyWhatItsUserMaySee() {
        TestUser bob = newUser("adv_bob");
        TestUser friendly = newUser("adv_friend");
        TestUser mallory = newUser("adv_mallory");
        QVERIFY(follow(friendly, bob));
        const pv1::Post secret = post(bob, "only for my followers", pv1::VISIBILITY_FOLLOWERS);
        const pv1::Post open = post(bob, "for everyone");
        Replica friendsView;
        QTRY_VERIFY(([&] {
            friendsView = Replica();
            return snapshot(friendly, friendsView) && friendsView.has(sv1::ENTITY_KIND_POST, secret.id());
        }()));

        // Mallory sees neither post (she follows nobody), in a snapshot or pulling from the start.
        Replica mallorysView;
        QVERIFY(snapshot(mallory, mallorysView));
        Replica fromStart;
        pull(mallory, fromStart);
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
        TestUser alice = newUser("busy_alice");
        TestUser bob = newUser("busy_bob");
        QVERIFY(follow(alice, bob));
        std::vector<pv1::Post> posts;
        for (int i = 0; i < 60; ++i) posts.push_back(post(bob, "steady post " + std::to_string(i)));
        QTRY_VERIFY(([&] {
            Replica r;
            return snapshot(alice, r) && r.has(sv1::ENTITY_KIND_POST, posts.back().id());
        }()));

        // Between snapshot pages, bob writes, edits and deletes.
        int step = 0;
        std::vector<std::string> created;
        Replica replica;
        QVERIFY(snapshot(alice, replica, 5, [&] {
            const int i = step++;
            created.push_back(post(bob, "written mid snapshot " + std::to_string(i)).id());
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
            pull(alice, replica);
            std::map<std::string, std::int64_t> held;
            for (const auto& id : replica.ids(sv1::ENTITY_KIND_POST)) {
                const auto& c = replica.entities.at({sv1::ENTITY_KIND_POST, id});
                if (c.post().author_id() == bob.id) held[id] = c.version();
            }
            return held == truth;
        }()));
    }

    void subscribeSendsTheBacklogThenChangesAsTheyHappen() {
        TestUser alice = newUser("live_alice");
        TestUser bob = newUser("live_bob");
        QVERIFY(follow(alice, bob));
        const pv1::Post before = post(bob, "written before alice connected");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return snapshot(alice, replica) && replica.has(sv1::ENTITY_KIND_POST, before.id());
        }()));
        const pv1::Post backlog = post(bob, "written while alice was away");

        auto stream = std::make_unique<Stream>(*m_sync, alice, replica.cursor);
        QTRY_VERIFY(stream->post(backlog.id()).has_value());
        QTRY_VERIFY(stream->has(sv1::SubscribeResponse::kCheckpoint));
        QVERIFY(!stream->post(before.id()));  // already in the snapshot
        const pv1::Post live = post(bob, "written while alice listens");
        QTRY_VERIFY(stream->post(live.id()).has_value());
        QCOMPARE(stream->post(live.id())->post().body(), std::string("written while alice listens"));
        // Idle, the stream says it is alive.
        QTRY_VERIFY(stream->has(sv1::SubscribeResponse::kHeartbeat));

        // Gone for a while, then back with the last cursor: nothing is lost, nothing repeated.
        const std::string cursor = stream->lastCursor();
        stream.reset();
        const pv1::Post missed = post(bob, "written while alice was offline");
        Stream again(*m_sync, alice, cursor);
        QTRY_VERIFY(again.post(missed.id()).has_value());
        QVERIFY(!again.post(live.id()));
    }

    void subscribeRefusesWhatIsNotTheCallers() {
        TestUser alice = newUser("sub_alice");
        TestUser mallory = newUser("sub_mallory");
        Replica replica;
        QVERIFY(snapshot(alice, replica));
        Stream stolen(*m_sync, mallory, replica.cursor);
        QTRY_VERIFY(stolen.finished());
        DEVCOLL_COMPARE_CODE(stolen.status(), grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY(stolen.messages().empty());
        Stream anonymous(*m_sync, TestUser{}, "");
        QTRY_VERIFY(anonymous.finished());
        DEVCOLL_COMPARE_CODE(anonymous.status(), grpc::StatusCode::UNAUTHENTICATED);
    }

    void aCursorOlderThanTheKeptTombstonesAsksForANewSnapshot() {
        // A server that keeps tombstones for a second only.
        Config config = TestServer::defaultConfig();
        config.sync.retention = std::chrono::seconds(1);
        config.sync.purgeInterval = std::chrono::milliseconds(100);
        TestServer server(config);
        QVERIFY2(server.ok(), qPrintable(server.error()));
        auto stub = sv1::SyncService::NewStub(server.channel());
        TestUser alice = server.registerUser("old_alice");
        TestUser bob = server.registerUser("old_bob");
        QVERIFY(server.waitForProfile(alice) && server.waitForProfile(bob));
        uv1::FollowRequest follow;
        follow.set_user_id(bob.id);
        uv1::FollowResponse followed;
        QVERIFY(server.users().Follow(TestServer::as(alice).get(), follow, &followed).ok());
        pv1::CreatePostRequest create;
        create.set_body("soon deleted");
        pv1::CreatePostResponse created;
        QVERIFY(server.posts().CreatePost(TestServer::as(bob).get(), create, &created).ok());
        auto pullFrom = [&](const std::string& cursor, sv1::PullResponse* resp, std::string* reason) {
            grpc::ClientContext ctx;
            ctx.AddMetadata("authorization", "Bearer " + alice.accessToken);
            sv1::PullRequest req;
            req.set_cursor(cursor);
            const grpc::Status status = stub->Pull(&ctx, req, resp);
            const auto& trailers = ctx.GetServerTrailingMetadata();
            if (const auto it = trailers.find("devcoll-reason"); it != trailers.end() && reason) {
                *reason = std::string(it->second.data(), it->second.size());
            }
            return status;
        };
        // Alice's replica holds the post, and stops there.
        std::string cursor;
        QTRY_VERIFY(([&] {
            sv1::PullResponse resp;
            if (!pullFrom("", &resp, nullptr).ok()) return false;
            cursor = resp.next_cursor();
            return std::any_of(resp.changes().begin(), resp.changes().end(),
                               [&](const sv1::Change& c) { return c.entity_id() == created.post().id(); });
        }()));
        pv1::DeletePostRequest del;
        del.set_post_id(created.post().id());
        pv1::DeletePostResponse deleted;
        QVERIFY(server.posts().DeletePost(TestServer::as(bob).get(), del, &deleted).ok());

        // Once the deletion's tombstone is dropped, that cursor cannot go on change by change.
        std::string reason;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     sv1::PullResponse resp;
                                     return pullFrom(cursor, &resp, &reason).error_code() ==
                                            grpc::StatusCode::FAILED_PRECONDITION;
                                 }()),
                                 10000);
        QCOMPARE(reason, std::string("RESYNC_REQUIRED"));
        Stream stream(*stub, alice, cursor);
        QTRY_VERIFY(stream.finished());
        DEVCOLL_COMPARE_CODE(stream.status(), grpc::StatusCode::FAILED_PRECONDITION);
        // A new snapshot no longer holds the post, and its cursor goes on.
        sv1::SnapshotResponse snapshot;
        QVERIFY(stub->Snapshot(TestServer::as(alice).get(), sv1::SnapshotRequest(), &snapshot).ok());
        for (const auto& c : snapshot.changes()) QVERIFY(c.entity_id() != created.post().id());
        sv1::PullResponse after;
        QVERIFY(pullFrom(snapshot.cursor(), &after, nullptr).ok());
    }

    void aDeletedAccountLeavesEveryReplica() {
        TestUser alice = newUser("gone_alice");
        TestUser erin = newUser("gone_erin");
        QVERIFY(follow(alice, erin));
        const pv1::Post p = post(erin, "erin was here");
        Replica replica;
        QTRY_VERIFY(([&] {
            replica = Replica();
            return snapshot(alice, replica) && replica.has(sv1::ENTITY_KIND_POST, p.id());
        }()));
        uv1::DeleteAccountRequest req;
        req.set_password(erin.password);
        uv1::DeleteAccountResponse resp;
        QVERIFY(m_server->users().DeleteAccount(TestServer::as(erin).get(), req, &resp).ok());
        QTRY_VERIFY(([&] {
            pull(alice, replica);
            return !replica.has(sv1::ENTITY_KIND_POST, p.id()) && !replica.has(sv1::ENTITY_KIND_PROFILE, erin.id);
        }()));
        QVERIFY(!replica.has(sv1::ENTITY_KIND_FOLLOW, alice.id + ":" + erin.id));
    }

    // Last: restarts the server.
    void shuttingDownEndsStreamsWithUnavailable() {
        TestUser alice = newUser("shut_alice");
        Stream stream(*m_sync, alice, "");
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        QVERIFY(m_server->restart());
        QTRY_VERIFY(stream.finished());
        DEVCOLL_COMPARE_CODE(stream.status(), grpc::StatusCode::UNAVAILABLE);
    }
};

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_sync_service.moc"
