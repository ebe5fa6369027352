// bench_notifications: how soon a mention reaches the people it names. An author with 10,000
// followers writes followers-only posts that each mention 50 of them; the figure is the time
// from CreatePost to each mentioned user's open Subscribe stream receiving the notification
// (post -> event -> notification service -> event -> sync service -> stream), p50 and p99 over
// every mentioned user of every post.
#include <grpcpp/grpcpp.h>
#include <QCoreApplication>
#include <QTest>

#include <condition_variable>
#include <cstdio>
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

namespace {

using Clock = std::chrono::steady_clock;

// Rows of `table` in a service's database whose `column` equals `value`.
std::int64_t countWhere(TestServer& server, const std::string& service, const std::string& sql,
                        const std::string& value) {
    auto rows = server.server().database(service)->read([&](storage::Tx& tx) { return tx.exec(sql, {value}); });
    return rows.ok() ? (*rows)[0].integer(0) : -1;
}

// Every mentioned user's stream, read on a thread of its own; arrivals by probe number.
class Listeners final {
public:
    Listeners(sv1::SyncService::Stub& stub, const std::vector<TestUser>& users) {
        for (const TestUser& u : users) {
            auto& l = m_listeners.emplace_back(std::make_unique<Listener>());
            l->ctx.AddMetadata("authorization", "Bearer " + u.accessToken);
            l->reader = stub.Subscribe(&l->ctx, sv1::SubscribeRequest());
            l->thread = std::thread([this, raw = l.get()] { read(*raw); });
        }
    }
    ~Listeners() {
        for (auto& l : m_listeners) l->ctx.TryCancel();
        for (auto& l : m_listeners) l->thread.join();
    }
    bool waitCaughtUp() {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(30),
                                  [&] { return m_caughtUp == static_cast<int>(m_listeners.size()); });
    }
    // The arrival times of probe `probe` at every stream, once all arrived (or the timeout).
    std::vector<Clock::time_point> arrivals(int probe, std::chrono::seconds timeout) {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, timeout, [&] { return m_arrivals[probe].size() == m_listeners.size(); });
        return m_arrivals[probe];
    }

private:
    struct Listener final {
        grpc::ClientContext ctx;
        std::unique_ptr<grpc::ClientReader<sv1::SubscribeResponse>> reader;
        std::thread thread;
    };
    void read(Listener& l) {
        sv1::SubscribeResponse message;
        bool counted = false;
        while (l.reader->Read(&message)) {
            const auto now = Clock::now();
            std::lock_guard lock(m_mutex);
            if (message.has_checkpoint() && message.checkpoint().caught_up() && !counted) {
                counted = true;
                ++m_caughtUp;
            }
            if (message.has_change() && message.change().has_notification()) {
                // The excerpt starts with the probe's number: "probe 17 ...".
                const std::string& excerpt = message.change().notification().excerpt();
                if (excerpt.starts_with("probe ")) m_arrivals[std::atoi(excerpt.c_str() + 6)].push_back(now);
            }
            m_changed.notify_all();
        }
        (void)l.reader->Finish();
    }

    std::vector<std::unique_ptr<Listener>> m_listeners;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_caughtUp = 0;
    std::map<int, std::vector<Clock::time_point>> m_arrivals;
};

int run(TestServer& server, int posts, int followers, int mentions) {
    TestUser author = server.newUser("author");
    std::vector<TestUser> mentioned;
    std::string names;
    for (int i = 0; i < mentions; ++i) {
        mentioned.push_back(server.newUser("named"));
        names += " @" + mentioned.back().username;
        if (!server.follow(mentioned.back(), author)) return 1;
    }
    // The rest of the followers, straight into the follow graphs of the services that fan out
    // (sync: the post's audience; notification: who may see a followers-only mention).
    for (const char* service : {"sync", "notification"}) {
        const std::string table = std::string(service) == "sync" ? "sync_follows" : "notif_follows";
        auto added = server.server().database(service)->transact([&](storage::Tx& tx) -> Status {
            for (int i = mentions; i < followers; ++i) {
                DEVCOLL_CHECK(tx.exec("INSERT INTO " + table + " (follower_id, followee_id) VALUES ($1, $2)",
                                      {newUuidV7(), author.id}));
            }
            return {};
        });
        if (!added.ok()) {
            std::fprintf(stderr, "cannot add followers: %s\n", added.error().message.c_str());
            return 1;
        }
    }
    // Every follow and profile has reached the notification service before the first probe.
    const bool ready = QTest::qWaitFor(
        [&] {
            return countWhere(server, "notification", "SELECT COUNT(*) FROM notif_follows WHERE followee_id = $1",
                              author.id) == followers &&
                   countWhere(server, "notification", "SELECT COUNT(*) FROM notif_profiles WHERE user_id <> $1",
                              author.id) >= mentions;
        },
        60'000);
    if (!ready) {
        std::fprintf(stderr, "the notification service did not learn of the followers in time\n");
        return 1;
    }

    auto stub = sv1::SyncService::NewStub(server.channel());
    Listeners listeners(*stub, mentioned);
    if (!listeners.waitCaughtUp()) {
        std::fprintf(stderr, "the streams did not catch up\n");
        return 1;
    }
    std::vector<double> latencies;
    std::vector<double> lastArrivals;
    int complete = 0;
    for (int i = 0; i < posts; ++i) {
        pv1::CreatePostRequest req;
        req.set_body("probe " + std::to_string(i) + ": thanks to" + names);
        req.set_visibility(pv1::VISIBILITY_FOLLOWERS);
        pv1::CreatePostResponse resp;
        const auto sent = Clock::now();
        if (!server.posts().CreatePost(TestServer::as(author).get(), req, &resp).ok()) continue;
        const auto arrived = listeners.arrivals(i, std::chrono::seconds(10));
        if (static_cast<int>(arrived.size()) == mentions) ++complete;
        double last = 0;
        for (const auto& at : arrived) {
            const double ms = std::chrono::duration<double, std::milli>(at - sent).count();
            latencies.push_back(ms);
            last = std::max(last, ms);
        }
        lastArrivals.push_back(last);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::printf(
        "CreatePost (followers-only, %d mentions, author with %d followers) -> each mentioned user's stream\n"
        "  %zu of %d notifications arrived (%d of %d posts reached everyone)\n"
        "  per notification: p50 %.1f ms   p99 %.1f ms\n"
        "  per post, until the last of its %d: p50 %.1f ms   p99 %.1f ms\n",
        mentions, followers, latencies.size(), posts * mentions, complete, posts, percentile(latencies, 0.5),
        percentile(latencies, 0.99), mentions, percentile(lastArrivals, 0.5), percentile(lastArrivals, 0.99));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int posts = 40;
    int followers = 10'000;
    int mentions = 50;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::printf(
                "usage: bench_notifications [--posts N] [--followers N] [--mentions N]\n"
                "  (DEVCOLL_TEST_BACKEND=sqlite|postgres; defaults: 40 posts, 10000 followers, 50 mentions)\n");
            return 0;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "bench_notifications: %s needs a number (see --help)\n", flag.c_str());
            return 2;
        }
        const int value = std::atoi(argv[++i]);
        if (flag == "--posts")
            posts = value;
        else if (flag == "--followers")
            followers = value;
        else if (flag == "--mentions")
            mentions = value;
        else {
            std::fprintf(stderr, "bench_notifications: unknown option %s (see --help)\n", flag.c_str());
            return 2;
        }
    }
    if (posts < 1 || mentions < 1 || mentions > 50 || followers < mentions) {
        std::fprintf(stderr, "bench_notifications: need posts >= 1, 1 <= mentions <= 50, followers >= mentions\n");
        return 2;
    }
    TestServer server;
    if (!server.ok()) {
        std::fprintf(stderr, "cannot start a server: %s\n", qPrintable(server.error()));
        return 1;
    }
    std::printf("devcoll notification bench: %u cores, %s\n", std::thread::hardware_concurrency(),
                server.postgres() ? "PostgreSQL" : "SQLite");
    std::fflush(stdout);
    return run(server, posts, followers, mentions);
}
