// bench_sync: what replicas feel of the sync service. Three figures:
//   1. a post's way from CreatePost to a follower's open Subscribe stream, while each post
//      fans out to 1,000 followers' logs (p50/p99);
//   2. a new replica's first download of 10,000 posts: Snapshot and Pull, written into an
//      SQLite replica file (a stand-in for the app's schema), end to end;
//   3. 10,000 idle Subscribe streams on a devcoll-server process: its memory and threads.
#include <grpcpp/grpcpp.h>
#include <sqlite3.h>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "bench/measure.h"
#include "devcoll/ids.h"
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
using devcoll::bench::percentile;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::sync::v1;
namespace uv1 = devcoll::user::v1;

namespace {

bool createPost(TestServer& server, const TestUser& as, const std::string& body) {
    pv1::CreatePostRequest req;
    req.set_body(body);
    pv1::CreatePostResponse resp;
    return server.posts().CreatePost(TestServer::as(as).get(), req, &resp).ok();
}

bool follow(TestServer& server, const TestUser& who, const TestUser& whom) {
    uv1::FollowRequest req;
    req.set_user_id(whom.id);
    uv1::FollowResponse resp;
    return server.users().Follow(TestServer::as(who).get(), req, &resp).ok();
}

// An author and a reader who follows them, both with profiles.
std::pair<TestUser, TestUser> authorAndFollower(TestServer& server, const std::string& prefix) {
    TestUser author = server.registerUser(prefix + "_author");
    TestUser reader = server.registerUser(prefix + "_reader");
    server.waitForProfile(author);
    server.waitForProfile(reader);
    follow(server, reader, author);
    return {author, reader};
}

// 1. CreatePost -> arrival on a follower's stream.
void measureArrival(TestServer& server, int posts, int followers) {
    const auto [author, reader] = authorAndFollower(server, "arrival");
    // More followers, straight into sync's follow graph: every post fans out to them.
    storage::Database* db = server.server().database("sync");
    (void)db->transact([&](storage::Tx& tx) -> Status {
        for (int i = 0; i < followers; ++i) {
            DEVCOLL_CHECK(tx.exec("INSERT INTO sync_follows (follower_id, followee_id) VALUES ($1, $2)",
                                  {newUuidV7(), author.id}));
        }
        return {};
    });

    auto stub = sv1::SyncService::NewStub(server.channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + reader.accessToken);
    auto stream = stub->Subscribe(&ctx, sv1::SubscribeRequest());
    std::mutex mutex;
    std::condition_variable arrived;
    std::map<std::string, std::chrono::steady_clock::time_point> arrivals;
    bool caughtUp = false;
    std::thread readerThread([&] {
        sv1::SubscribeResponse message;
        while (stream->Read(&message)) {
            std::lock_guard lock(mutex);
            if (message.has_checkpoint() && message.checkpoint().caught_up()) caughtUp = true;
            if (message.has_change() && message.change().has_post()) {
                arrivals[message.change().post().body()] = std::chrono::steady_clock::now();
            }
            arrived.notify_all();
        }
    });
    {
        std::unique_lock lock(mutex);
        arrived.wait(lock, [&] { return caughtUp; });
    }
    std::vector<double> latencies;
    for (int i = 0; i < posts; ++i) {
        const std::string body = "probe " + std::to_string(i);
        const auto sent = std::chrono::steady_clock::now();
        if (!createPost(server, author, body)) continue;
        std::unique_lock lock(mutex);
        if (arrived.wait_for(lock, std::chrono::seconds(10), [&] { return arrivals.contains(body); })) {
            latencies.push_back(std::chrono::duration<double, std::milli>(arrivals[body] - sent).count());
        }
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ctx.TryCancel();
    readerThread.join();
    std::printf(
        "CreatePost -> follower's stream   %zu of %d arrived   p50 %.1f ms   p99 %.1f ms"
        "   (each post fans out to %d logs)\n",
        latencies.size(), posts, percentile(latencies, 0.5), percentile(latencies, 0.99), followers + 2);
}

// A replica file with a stand-in schema: entities by kind and id, applied by version.
class ReplicaFile final {
public:
    explicit ReplicaFile(const std::string& path) {
        sqlite3_open(path.c_str(), &m_db);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("CREATE TABLE entities (kind INTEGER, id TEXT, version INTEGER, body BLOB, PRIMARY KEY (kind, id))");
        exec("CREATE TABLE cursor (id INTEGER PRIMARY KEY, value TEXT)");
        sqlite3_prepare_v2(m_db,
                           "INSERT INTO entities VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET "
                           "version = excluded.version, body = excluded.body WHERE excluded.version >= version",
                           -1, &m_upsert, nullptr);
        sqlite3_prepare_v2(m_db, "INSERT OR REPLACE INTO cursor VALUES (1, ?)", -1, &m_cursor, nullptr);
    }
    ~ReplicaFile() {
        sqlite3_finalize(m_upsert);
        sqlite3_finalize(m_cursor);
        sqlite3_close(m_db);
    }
    // One page and its cursor in one transaction: the client's atomic checkpoint.
    void apply(const google::protobuf::RepeatedPtrField<sv1::Change>& changes, const std::string& cursor) {
        exec("BEGIN");
        for (const auto& c : changes) {
            const std::string body = c.SerializeAsString();
            sqlite3_bind_int(m_upsert, 1, c.kind());
            sqlite3_bind_text(m_upsert, 2, c.entity_id().c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(m_upsert, 3, c.version());
            sqlite3_bind_blob(m_upsert, 4, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
            sqlite3_step(m_upsert);
            sqlite3_reset(m_upsert);
        }
        sqlite3_bind_text(m_cursor, 1, cursor.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(m_cursor);
        sqlite3_reset(m_cursor);
        exec("COMMIT");
    }

private:
    void exec(const char* sql) { sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr); }
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_upsert = nullptr;
    sqlite3_stmt* m_cursor = nullptr;
};

// 2. A new replica downloads 10,000 posts.
void measureFirstDownload(TestServer& server, int postCount) {
    const auto [author, reader] = authorAndFollower(server, "download");
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            for (int i = t; i < postCount; i += 4) createPost(server, author, "post number " + std::to_string(i));
        });
    }
    for (auto& w : writers) w.join();
    // Wait until the events have reached the author's audience log, which the reader reads.
    storage::Database* db = server.server().database("sync");
    for (;;) {
        auto rows = db->read([&](storage::Tx& tx) {
            return tx.exec("SELECT COUNT(*) FROM sync_audience_log WHERE author_id = $1 AND kind = 3", {author.id});
        });
        if (rows.ok() && (*rows)[0].integer(0) >= postCount) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }

    QTemporaryDir dir;
    ReplicaFile replica((dir.path() + "/replica.db").toStdString());
    auto stub = sv1::SyncService::NewStub(server.channel());
    QElapsedTimer timer;
    timer.start();
    std::size_t received = 0;
    sv1::SnapshotRequest snap;
    snap.set_page_size(1000);
    std::string cursor;
    for (;;) {
        sv1::SnapshotResponse page;
        if (!stub->Snapshot(TestServer::as(reader).get(), snap, &page).ok()) break;
        received += static_cast<std::size_t>(page.changes_size());
        replica.apply(page.changes(), page.cursor());
        if (page.next_page_token().empty()) {
            cursor = page.cursor();
            break;
        }
        snap.set_page_token(page.next_page_token());
    }
    for (;;) {
        sv1::PullRequest pull;
        pull.set_cursor(cursor);
        pull.set_limit(1000);
        sv1::PullResponse page;
        if (!stub->Pull(TestServer::as(reader).get(), pull, &page).ok()) break;
        received += static_cast<std::size_t>(page.changes_size());
        replica.apply(page.changes(), page.next_cursor());
        cursor = page.next_cursor();
        if (!page.has_more()) break;
    }
    std::printf("first download of %d posts         %zu entities in %.2f s (Snapshot + Pull, into an SQLite replica)\n",
                postCount, received, static_cast<double>(timer.nsecsElapsed()) / 1e9);
}

std::pair<long, long> memoryAndThreads(qint64 pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    long rssKb = 0;
    long threads = 0;
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) rssKb = std::stol(line.substr(6));
        if (line.rfind("Threads:", 0) == 0) threads = std::stol(line.substr(8));
    }
    return {rssKb, threads};
}

// One idle stream, kept by the client library's own threads.
class IdleStream final : public grpc::ClientReadReactor<sv1::SubscribeResponse> {
public:
    IdleStream(sv1::SyncService::Stub& stub, const std::string& token, std::atomic<int>& live, std::atomic<int>& ended)
        : m_live(live), m_ended(ended) {
        m_ctx.AddMetadata("authorization", "Bearer " + token);
        stub.async()->Subscribe(&m_ctx, &m_request, this);
        StartRead(&m_message);
        StartCall();
    }
    void OnReadDone(bool ok) override {
        if (!ok) return;
        if (m_message.has_checkpoint() && !m_counted) {
            m_counted = true;
            ++m_live;
        }
        StartRead(&m_message);
    }
    void OnDone(const grpc::Status&) override { ++m_ended; }
    void cancel() { m_ctx.TryCancel(); }

private:
    grpc::ClientContext m_ctx;
    sv1::SubscribeRequest m_request;
    sv1::SubscribeResponse m_message;
    std::atomic<int>& m_live;
    std::atomic<int>& m_ended;
    bool m_counted = false;
};

// 3. Idle streams on a real server process.
void measureIdleStreams(int streams) {
    QTemporaryDir dir;
    QProcess server;
    server.start(QStringLiteral(DEVCOLL_SERVER_BINARY),
                 {"--data-dir", dir.path(), "--listen", "127.0.0.1:0", "--http-listen", "off",
                  "--max-concurrent-streams", "100", "--rate-limit-per-account", "0", "--rate-limit-per-address", "0"});
    server.waitForStarted();
    QString log;
    int port = 0;
    const QRegularExpression pattern("\\(port (\\d+)\\)");
    for (int i = 0; i < 300 && port == 0; ++i) {
        server.waitForReadyRead(100);
        log += QString::fromUtf8(server.readAllStandardError());
        const auto match = pattern.match(log);
        if (match.hasMatch()) port = match.captured(1).toInt();
    }
    const std::string address = "127.0.0.1:" + std::to_string(port);
    auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    auto auth = devcoll::auth::v1::AuthService::NewStub(channel);
    devcoll::auth::v1::RegisterRequest reg;
    reg.set_username("idle_listener");
    reg.set_email("idle@example.com");
    reg.set_password("password-123");
    devcoll::auth::v1::RegisterResponse registered;
    grpc::ClientContext regCtx;
    if (!auth->Register(&regCtx, reg, &registered).ok()) {
        std::printf("idle streams: cannot register\n");
        return;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto [baseRss, baseThreads] = memoryAndThreads(server.processId());

    // At most 100 streams per connection: one connection per 100 streams.
    std::vector<std::unique_ptr<sv1::SyncService::Stub>> stubs;
    for (int c = 0; c < (streams + 99) / 100; ++c) {
        grpc::ChannelArguments args;
        args.SetInt("devcoll.bench.connection", c);  // a distinct channel, so a connection of its own
        stubs.push_back(
            sv1::SyncService::NewStub(grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args)));
    }
    std::atomic<int> live{0};
    std::atomic<int> ended{0};
    std::vector<std::unique_ptr<IdleStream>> open;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < streams; ++i) {
        open.push_back(std::make_unique<IdleStream>(*stubs[static_cast<std::size_t>(i / 100)],
                                                    registered.access_token(), live, ended));
    }
    while (live < streams && ended == 0 && timer.elapsed() < 120'000) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const double openSeconds = static_cast<double>(timer.elapsed()) / 1000.0;
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const auto [rss, threads] = memoryAndThreads(server.processId());
    std::printf(
        "%d idle Subscribe streams          %d live in %.1f s; server RSS %.0f MB (%.0f MB before), "
        "%ld threads (%ld before)\n",
        streams, live.load(), openSeconds, static_cast<double>(rss) / 1024.0, static_cast<double>(baseRss) / 1024.0,
        threads, baseThreads);
    for (auto& s : open) s->cancel();
    while (ended < streams && timer.elapsed() < 180'000) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    open.clear();
    server.terminate();
    server.waitForFinished(30'000);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int posts = 10'000;
    int streams = 10'000;
    int followers = 1'000;
    for (int i = 1; i + 1 < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--posts") posts = std::atoi(argv[++i]);
        if (flag == "--streams") streams = std::atoi(argv[++i]);
        if (flag == "--followers") followers = std::atoi(argv[++i]);
    }
    if (argc > 1 && std::string(argv[1]) == "--help") {
        std::printf(
            "usage: bench_sync [--posts N] [--streams N] [--followers N]   (DEVCOLL_TEST_BACKEND=sqlite|postgres)\n");
        return 0;
    }
    TestServer server;
    if (!server.ok()) {
        std::fprintf(stderr, "cannot start a server: %s\n", qPrintable(server.error()));
        return 1;
    }
    std::printf("devcoll sync bench: %u cores, %s\n", std::thread::hardware_concurrency(),
                server.postgres() ? "PostgreSQL" : "SQLite");
    std::fflush(stdout);
    measureArrival(server, 200, followers);
    std::fflush(stdout);
    measureFirstDownload(server, posts);
    std::fflush(stdout);
    if (!server.postgres()) measureIdleStreams(streams);  // the server process runs on SQLite
    return 0;
}
