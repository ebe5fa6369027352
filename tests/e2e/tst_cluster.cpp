// devcoll in scale-out: seven devcoll-server processes on PostgreSQL and RabbitMQ. The user
// story of the embedded default across processes, then faults, each ending with nothing lost and
// nothing applied twice: every consumer's inbox is counted against the events the producers
// committed; last, a moderator's actions reaching every process.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/ids.h"
#include "devcoll/media/v1/media.grpc.pb.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "e2e/cluster.h"
#include "platform/events/amqp_connection.h"
#include "platform/security/access_token.h"
#include "platform/security/key_store.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

namespace av1 = devcoll::auth::v1;
namespace uv1 = devcoll::user::v1;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::search::v1;
namespace yv1 = devcoll::sync::v1;
namespace dv1 = devcoll::moderation::v1;
namespace nv1 = devcoll::notification::v1;

constexpr int kWait = 60000;  // ms: generous, a 2-core CI machine runs seven servers here

// Client threads, joined when they go out of scope: also when a check fails and returns early
// (a joinable std::thread would end the whole test run).
struct Clients final {
    Clients() = default;
    Clients(Clients&&) = default;
    Clients(const Clients&) = delete;
    std::vector<std::thread> threads;
    void join() {
        for (auto& t : threads) {
            if (t.joinable()) t.join();
        }
    }
    ~Clients() { join(); }
};

}  // namespace

class TestCluster : public QObject {
    Q_OBJECT

    std::unique_ptr<Cluster> m_cluster;
    std::unique_ptr<av1::AuthService::Stub> m_auth;
    std::unique_ptr<uv1::UserService::Stub> m_users;
    std::unique_ptr<pv1::PostService::Stub> m_posts;
    std::unique_ptr<mv1::MediaService::Stub> m_media;
    std::unique_ptr<sv1::SearchService::Stub> m_search;
    std::unique_ptr<yv1::SyncService::Stub> m_sync;
    TestUser m_author;

    TestUser registerUser(const std::string& prefix) {
        TestUser u;
        u.username = prefix + "_" + randomHex(3);
        u.email = u.username + "@example.com";
        u.password = "password-123";
        av1::RegisterRequest request;
        request.set_username(u.username);
        request.set_email(u.email);
        request.set_password(u.password);
        av1::RegisterResponse response;
        const grpc::Status status = m_auth->Register(TestServer::anonymous().get(), request, &response);
        if (!status.ok()) qWarning("register failed: %s", qPrintable(describe(status)));
        u.id = response.user().id();
        u.accessToken = response.access_token();
        u.refreshToken = response.refresh_token();
        return u;
    }

    grpc::Status login(TestUser& u) {
        av1::LoginRequest request;
        request.set_login(u.username);
        request.set_password(u.password);
        av1::LoginResponse response;
        const grpc::Status status = m_auth->Login(TestServer::anonymous().get(), request, &response);
        if (status.ok()) u.accessToken = response.access_token();
        return status;
    }

    // The user service made the profile: USER_REGISTERED went from auth's process to user's.
    bool hasProfile(const TestUser& u) {
        uv1::GetUserRequest request;
        request.set_user_id(u.id);
        uv1::GetUserResponse response;
        return m_users->GetUser(TestServer::as(u).get(), request, &response).ok();
    }

    // Whether a Pull of `as`'s stream from its start holds a change `wanted` accepts.
    bool pulled(const TestUser& as, const std::function<bool(const yv1::Change&)>& wanted) {
        yv1::PullRequest request;
        request.set_limit(1000);
        yv1::PullResponse response;
        if (!m_sync->Pull(TestServer::as(as).get(), request, &response).ok()) return false;
        return std::any_of(response.changes().begin(), response.changes().end(), wanted);
    }

    // Creates a post as a client does: with its own id, retrying while the service is away
    // (the same id makes the retry safe). False when it never got through.
    bool createPost(const TestUser& as, const std::string& body) {
        pv1::CreatePostRequest request;
        request.set_post_id(newUuidV7());
        request.set_body(body);
        for (int attempt = 0; attempt < 240; ++attempt) {
            pv1::CreatePostResponse response;
            const grpc::Status status = m_posts->CreatePost(TestServer::as(as).get(), request, &response);
            if (status.ok()) return true;
            if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
                status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
                qWarning("CreatePost: %s", qPrintable(describe(status)));
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        return false;
    }

    // Creates `count` posts from two client threads; `progress` counts them as they land.
    Clients createPosts(int count, std::atomic<int>& progress, std::atomic<int>& failed) {
        Clients clients;
        for (int c = 0; c < 2; ++c) {
            clients.threads.emplace_back([this, c, count, &progress, &failed] {
                for (int i = c; i < count; i += 2) {
                    if (createPost(m_author, "event stream post " + std::to_string(i)))
                        ++progress;
                    else
                        ++failed;
                }
            });
        }
        return clients;
    }

    std::int64_t count(const std::string& service, const std::string& sql, const storage::SqlParams& params = {}) {
        storage::Database* db = m_cluster->database(service);
        if (!db) return -1;
        auto rows = db->read([&](storage::Tx& tx) { return tx.exec(sql, params); });
        return rows.ok() && !rows->empty() ? (*rows)[0].integer(0) : -1;
    }

    // Events a consumer has applied (its inbox; one row per event, so none twice).
    std::int64_t applied(const std::string& service) {
        return count(service, "SELECT COUNT(*) FROM event_inbox WHERE consumer = $1", {service});
    }

    std::int64_t postsBy(const TestUser& u) {
        return count("post", "SELECT COUNT(*) FROM posts WHERE author_id = $1", {u.id});
    }

    // What the consumers of POST_CREATED had applied, and the posts, before a fault.
    struct Counts final {
        std::int64_t search = 0;
        std::int64_t sync = 0;
        std::int64_t posts = 0;
    };
    Counts counts() { return Counts{applied("search"), applied("sync"), postsBy(m_author)}; }

    // What every consumer of POST_CREATED has applied, against what the post service committed:
    // search and sync each applied exactly one event per post since `before`.
    void verifyEveryPostArrivedOnce(const Counts& before) {
        const std::int64_t created = postsBy(m_author) - before.posts;
        QVERIFY(created > 0);
        QTRY_COMPARE_WITH_TIMEOUT(applied("search") - before.search, created, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(applied("sync") - before.sync, created, kWait);
        QCOMPARE(count("search", "SELECT COUNT(*) FROM search_posts WHERE author_id = $1", {m_author.id}),
                 postsBy(m_author));
        for (const char* service : {"auth", "user", "post", "media", "search", "sync"}) {
            QCOMPARE(count(service, "SELECT COUNT(*) FROM event_dead_letter"), std::int64_t{0});
        }
    }

    // Restarts a backing server (`script restart`) while 300 posts are being created.
    void restartMidStream(const QString& script) {
        const Counts before = counts();
        std::atomic<int> landed{0};
        std::atomic<int> failed{0};
        auto clients = createPosts(300, landed, failed);
        QTRY_VERIFY_WITH_TIMEOUT(landed.load() >= 50, kWait);
        const bool restarted = m_cluster->script(script, {"restart"});
        clients.join();
        QVERIFY2(restarted, qPrintable(m_cluster->error()));
        QCOMPARE(failed.load(), 0);
        verifyEveryPostArrivedOnce(before);
    }

private Q_SLOTS:
    void initTestCase() {
        m_cluster = std::make_unique<Cluster>();
        QVERIFY2(m_cluster->startAll(), qPrintable(m_cluster->error()));
        m_auth = av1::AuthService::NewStub(m_cluster->channel("auth"));
        m_users = uv1::UserService::NewStub(m_cluster->channel("user"));
        m_posts = pv1::PostService::NewStub(m_cluster->channel("post"));
        m_media = mv1::MediaService::NewStub(m_cluster->channel("media"));
        m_search = sv1::SearchService::NewStub(m_cluster->channel("search"));
        m_sync = yv1::SyncService::NewStub(m_cluster->channel("sync"));
        m_author = registerUser("author");
        QVERIFY(!m_author.id.empty());
        QTRY_VERIFY_WITH_TIMEOUT(hasProfile(m_author), kWait);
    }

    void theUserStoryWorksAcrossProcesses() {
        // Register, follow, post with a picture, then the feed, search and a replica's pull.
        TestUser reader = registerUser("reader");
        QTRY_VERIFY_WITH_TIMEOUT(hasProfile(reader), kWait);
        uv1::FollowRequest follow;
        follow.set_user_id(m_author.id);
        uv1::FollowResponse followed;
        DEVCOLL_COMPARE_CODE(m_users->Follow(TestServer::as(reader).get(), follow, &followed), grpc::StatusCode::OK);

        const UploadOutcome picture = uploadMedia(*m_media, m_author, encodedImage(320, 200, ".png"));
        DEVCOLL_COMPARE_CODE(picture.status, grpc::StatusCode::OK);
        pv1::CreatePostRequest create;
        create.set_body("zeppelin sighted over the cluster");
        create.add_media_ids(picture.media.id());
        pv1::CreatePostResponse created;
        // The post service asks the media service (another process) whether the picture is the
        // author's: a synchronous call through --peer.
        DEVCOLL_COMPARE_CODE(m_posts->CreatePost(TestServer::as(m_author).get(), create, &created),
                             grpc::StatusCode::OK);
        const std::string postId = created.post().id();

        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                pv1::GetFeedRequest request;
                pv1::GetFeedResponse feed;
                if (!m_posts->GetFeed(TestServer::as(reader).get(), request, &feed).ok()) return false;
                for (const auto& p : feed.posts()) {
                    if (p.id() == postId) return p.media_ids_size() == 1;
                }
                return false;
            }(),
            kWait);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                sv1::SearchPostsRequest request;
                request.set_query("zeppelin");
                sv1::SearchPostsResponse found;
                if (!m_search->SearchPosts(TestServer::as(reader).get(), request, &found).ok()) return false;
                return found.hits_size() == 1 && found.hits(0).post().id() == postId;
            }(),
            kWait);
        QTRY_VERIFY_WITH_TIMEOUT(
            pulled(reader, [&](const yv1::Change& c) { return c.has_post() && c.post().id() == postId; }), kWait);
        // The follow reaches the author as a notification: user -> notification -> sync, three
        // processes, through the broker; and on the author's stream as a NOTIFICATION change.
        auto notifications = nv1::NotificationService::NewStub(m_cluster->channel("notification"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                nv1::ListNotificationsResponse listed;
                if (!notifications->ListNotifications(TestServer::as(m_author).get(), {}, &listed).ok()) return false;
                for (const auto& n : listed.notifications()) {
                    if (n.kind() == nv1::NOTIFICATION_KIND_FOLLOW && n.actors_size() > 0 &&
                        n.actors(0).user_id() == reader.id) {
                        return true;
                    }
                }
                return false;
            }(),
            kWait);
        QTRY_VERIFY_WITH_TIMEOUT(pulled(m_author,
                                        [](const yv1::Change& c) {
                                            return c.has_notification_state() &&
                                                   c.notification_state().unread_count() > 0;
                                        }),
                                 kWait);
    }

    void aConsumerKilledWhileEventsFlowLosesNothing() {
        const Counts before = counts();
        std::atomic<int> landed{0};
        std::atomic<int> failed{0};
        auto clients = createPosts(1000, landed, failed);
        QTRY_VERIFY_WITH_TIMEOUT(landed.load() >= 300, kWait);
        m_cluster->kill("search");
        QTRY_VERIFY_WITH_TIMEOUT(landed.load() >= 600, kWait);
        const bool restarted = m_cluster->start("search");
        clients.join();
        QVERIFY2(restarted, qPrintable(m_cluster->error()));
        QCOMPARE(failed.load(), 0);
        QCOMPARE(landed.load(), 1000);
        verifyEveryPostArrivedOnce(before);
    }

    void theBrokerRestartingMidStreamLosesNothing() { restartMidStream("throwaway-rabbitmq"); }

    void thePostServiceKilledBetweenCommitAndPublishLosesNothing() {
        const Counts before = counts();
        // A memory alarm makes the broker stop taking published messages: the post service
        // commits, its relay cannot get the events to the broker (they wait, unconfirmed), and
        // the rows stay in the outbox.
        QVERIFY2(m_cluster->script("throwaway-rabbitmq", {"ctl", "set_vm_memory_high_watermark", "0"}),
                 qPrintable(m_cluster->error()));
        for (int i = 0; i < 50; ++i) QVERIFY(createPost(m_author, "committed, not yet published " + std::to_string(i)));
        const std::int64_t unpublished = count("post", "SELECT COUNT(*) FROM event_outbox");
        m_cluster->kill("post");
        QVERIFY2(m_cluster->script("throwaway-rabbitmq", {"ctl", "set_vm_memory_high_watermark", "0.4"}),
                 qPrintable(m_cluster->error()));
        QVERIFY2(unpublished >= 50, qPrintable(QStringLiteral("outbox rows at the kill: %1").arg(unpublished)));
        QVERIFY2(m_cluster->start("post"), qPrintable(m_cluster->error()));
        verifyEveryPostArrivedOnce(before);
        QTRY_COMPARE_WITH_TIMEOUT(count("post", "SELECT COUNT(*) FROM event_outbox"), std::int64_t{0}, kWait);
    }

    // The cluster's own PostgreSQL; clients retry on UNAVAILABLE with the same post id.
    void postgresRestartingMidStreamLosesNothing() { restartMidStream("throwaway-postgres"); }

    void aMessageNoConsumerCanApplyIsDeadLetteredAndTheRestFlows() {
        // Garbage routed as USER_REGISTERED reaches the user service's queue.
        auto c = events::AmqpConnection::open(
            [&] {
                auto a = events::parseAmqpUrl(qgetenv("DEVCOLL_TEST_AMQP_URL").toStdString()).value();
                a.vhost = m_cluster->vhost();
                return a;
            }(),
            "test garbage");
        QVERIFY(c.ok());
        const std::string garbage = "\x08\xff\xff\xff not an envelope";
        QCOMPARE(
            amqp_basic_publish((*c)->state(), events::AmqpConnection::kChannel, amqp_cstring_bytes("devcoll.events"),
                               amqp_cstring_bytes("user.registered"), 0, 0, nullptr, events::amqpBytes(garbage)),
            int{AMQP_STATUS_OK});
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                auto state = (*c)->queueState("user_queue.dead");
                return state.ok() ? state->messages : 0u;
            }(),
            1u, kWait);
        TestUser after = registerUser("after");
        QTRY_VERIFY_WITH_TIMEOUT(hasProfile(after), kWait);
    }

    void aModeratorsActionsReachEveryProcess() {
        // An operator makes a moderator (the token is signed with the cluster's key, as the
        // admin command does), who signs in again to carry the role.
        auto keys = security::KeyStore::openExisting(m_cluster->keysDir(), std::chrono::minutes(5));
        QVERIFY2(keys.ok(), keys.ok() ? "" : keys.error().message.c_str());
        security::AccessTokens tokens(**keys, std::chrono::minutes(5));
        TestUser op;
        op.accessToken = tokens.sign("operator", "test", {std::string(security::kAdminRole)})->token;
        TestUser moderator = registerUser("moderator");
        av1::GrantRoleRequest grant;
        grant.set_account(moderator.username);
        grant.set_role("moderator");
        av1::GrantRoleResponse granted;
        DEVCOLL_COMPARE_CODE(m_auth->GrantRole(TestServer::as(op).get(), grant, &granted), grpc::StatusCode::OK);
        DEVCOLL_COMPARE_CODE(login(moderator), grpc::StatusCode::OK);

        TestUser troll = registerUser("troll");
        TestUser reader = registerUser("reader");
        QTRY_VERIFY_WITH_TIMEOUT(hasProfile(troll) && hasProfile(reader), kWait);
        pv1::CreatePostRequest create;
        create.set_body("quetzalcoatlus spam spam spam");
        pv1::CreatePostResponse created;
        QVERIFY(m_posts->CreatePost(TestServer::as(troll).get(), create, &created).ok());
        const std::string postId = created.post().id();
        auto moderation = dv1::ModerationService::NewStub(m_cluster->channel("moderation"));
        // The report is checked against the post service (another process) on the reporter's behalf.
        dv1::ReportContentRequest report;
        report.mutable_subject()->set_kind(dv1::SUBJECT_KIND_POST);
        report.mutable_subject()->set_id(postId);
        report.set_reason(dv1::REPORT_REASON_SPAM);
        dv1::ReportContentResponse reported;
        DEVCOLL_COMPARE_CODE(moderation->ReportContent(TestServer::as(reader).get(), report, &reported),
                             grpc::StatusCode::OK);
        QCOMPARE(reported.report().subject_author_id(), troll.id);

        dv1::HidePostRequest hide;
        hide.set_post_id(postId);
        hide.set_reason("spam");
        dv1::HidePostResponse hidden;
        DEVCOLL_COMPARE_CODE(moderation->HidePost(TestServer::as(moderator).get(), hide, &hidden),
                             grpc::StatusCode::OK);
        // POST_HIDDEN from moderation to post, then POST_UPDATED from post to search.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                pv1::GetPostRequest request;
                request.set_post_id(postId);
                pv1::GetPostResponse response;
                return m_posts->GetPost(TestServer::as(reader).get(), request, &response).error_code() ==
                       grpc::StatusCode::NOT_FOUND;
            }(),
            kWait);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                sv1::SearchPostsRequest request;
                request.set_query("quetzalcoatlus");
                sv1::SearchPostsResponse found;
                return m_search->SearchPosts(TestServer::as(reader).get(), request, &found).ok() &&
                       found.hits_size() == 0;
            }(),
            kWait);

        // A suspension: every process refuses the troll's live token, auth its login.
        dv1::SuspendUserRequest suspend;
        suspend.set_user_id(troll.id);
        suspend.set_reason("spam");
        dv1::SuspendUserResponse suspended;
        DEVCOLL_COMPARE_CODE(moderation->SuspendUser(TestServer::as(moderator).get(), suspend, &suspended),
                             grpc::StatusCode::OK);
        QTRY_COMPARE_WITH_TIMEOUT(m_posts->CreatePost(TestServer::as(troll).get(), create, &created).error_code(),
                                  grpc::StatusCode::UNAUTHENTICATED, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(!hasProfile(troll), kWait);  // the user process refuses it too
        yv1::PullRequest pull;
        yv1::PullResponse pulled;
        QTRY_COMPARE_WITH_TIMEOUT(m_sync->Pull(TestServer::as(troll).get(), pull, &pulled).error_code(),
                                  grpc::StatusCode::UNAUTHENTICATED, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(login(troll).error_code(), grpc::StatusCode::PERMISSION_DENIED, kWait);
    }

    void cleanupTestCase() { m_cluster.reset(); }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
