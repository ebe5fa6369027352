// bench_events: how events travel, and what scale-out gives.
//
// 1. Event latency from commit to applied: posts are created at a steady 200/s, and a consumer
//    of POST_CREATED (an EventConsumer with its own inbox, as every service has) records when
//    each event's transaction committed, against the event's occurred_at (set just before the
//    producer's commit). Measured on the embedded default (in-process events) and through
//    RabbitMQ, in the same run, on the engine DEVCOLL_TEST_BACKEND names.
// 2. With --cluster (needs DEVCOLL_TEST_DATABASE_URL and DEVCOLL_TEST_AMQP_URL): CreatePost/s at
//    concurrency 16 through the six-process cluster on PostgreSQL, then with a second post
//    service process on the same port.
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "bench/measure.h"
#include "devcoll/ids.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "e2e/cluster.h"
#include "platform/clock.h"
#include "platform/events/event_consumer.h"
#include "platform/events/outbox.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

constexpr int kPosts = 1000;
constexpr int kPostsPerSecond = 200;

struct Latency final {
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    std::size_t events = 0;
};

// Creates kPosts posts at kPostsPerSecond and returns the commit-to-applied latencies.
Latency eventLatency(const std::string& amqpUrl, const QString& scratch) {
    const std::string name = "bench" + randomHex(3);
    storage::DatabaseLocation location;
    location.sqlitePath = (scratch + "/" + QString::fromStdString(name) + ".db").toStdString();
    auto catalog = storage::SqlCatalog::load({}, storage::Engine::Sqlite).value();
    auto db =
        storage::Database::open(name, location, std::make_shared<const storage::SqlCatalog>(std::move(catalog)), 2)
            .value();
    (void)events::createEventTables(*db);
    events::EventConsumer consumer(name, *db);
    consumer.on(events::v1::EVENT_TYPE_POST_CREATED, [](storage::Tx&, const events::Envelope&) { return Status{}; });

    // Made after the consumer and its database, so that it stops delivering before they go.
    Config config = TestServer::defaultConfig();
    config.logLevel = "error";
    config.amqpUrl = amqpUrl;
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_events: cannot start: %s\n", qPrintable(server.error()));
        return {};
    }

    std::mutex mutex;
    std::vector<double> latencies;
    server.server().transport().subscribe(
        name, consumer.types(), [&](std::span<const events::Envelope* const> batch) -> Status {
            DEVCOLL_CHECK(consumer.deliverAll(batch));
            const std::int64_t applied = nowMicros();
            std::lock_guard lock(mutex);
            for (const events::Envelope* e : batch) {
                latencies.push_back(static_cast<double>(applied - fromTimestamp(e->occurred_at())) / 1000.0);
            }
            return {};
        });
    TestUser author = server.newUser("latency");
    // Through RabbitMQ the bench's queue must be bound before the first post.
    std::this_thread::sleep_for(std::chrono::seconds(amqpUrl.empty() ? 0 : 2));
    {
        std::lock_guard lock(mutex);
        latencies.clear();
    }
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kPosts; ++i) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(1'000'000LL * i / kPostsPerSecond));
        (void)server.createPost(author, "latency probe " + std::to_string(i));
    }
    for (int i = 0; i < 600; ++i) {
        {
            std::lock_guard lock(mutex);
            if (latencies.size() >= static_cast<std::size_t>(kPosts)) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard lock(mutex);
    Latency l;
    l.events = latencies.size();
    l.p50Ms = bench::percentile(latencies, 0.5);
    l.p99Ms = bench::percentile(latencies, 0.99);
    l.maxMs = bench::percentile(latencies, 1.0);
    return l;
}

void printLatency(const char* name, const Latency& l) {
    std::printf("%-34s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%zu of %d events)\n", name, l.p50Ms, l.p99Ms,
                l.maxMs, l.events, kPosts);
    std::fflush(stdout);
}

bench::Figures createPosts(Cluster& cluster, const TestUser& author, double seconds) {
    constexpr int kConcurrency = 16;
    // One connection per client thread, so that the kernel can spread them between replicas.
    std::vector<std::unique_ptr<post::v1::PostService::Stub>> stubs;
    for (int i = 0; i < kConcurrency; ++i) {
        grpc::ChannelArguments args;
        args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
        args.SetInt("devcoll.bench.client", i);  // distinct arguments: distinct connections
        stubs.push_back(post::v1::PostService::NewStub(
            grpc::CreateCustomChannel(cluster.address("post"), grpc::InsecureChannelCredentials(), args)));
    }
    return bench::measure(kConcurrency, seconds, [&](int t) {
        post::v1::CreatePostRequest req;
        req.set_body("cluster throughput");
        post::v1::CreatePostResponse resp;
        return stubs[static_cast<std::size_t>(t)]->CreatePost(TestServer::as(author).get(), req, &resp).ok();
    });
}

int clusterThroughput(double seconds) {
    Cluster cluster;
    if (!cluster.startAll()) {
        std::fprintf(stderr, "bench_events: cluster: %s\n", qPrintable(cluster.error()));
        return 1;
    }
    auto auth = auth::v1::AuthService::NewStub(cluster.channel("auth"));
    TestUser author;
    auth::v1::RegisterRequest request;
    request.set_username("throughput_" + randomHex(3));
    request.set_email(request.username() + "@example.com");
    request.set_password("password-123");
    auth::v1::RegisterResponse response;
    if (!auth->Register(TestServer::anonymous().get(), request, &response).ok()) return 1;
    author.id = response.user().id();
    author.accessToken = response.access_token();
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the profile, through the broker

    const bench::Figures one = createPosts(cluster, author, seconds);
    bench::print("CreatePost, cluster, 1 post proc", one);
    if (!cluster.addReplica("post")) {
        std::fprintf(stderr, "bench_events: second post process: %s\n", qPrintable(cluster.error()));
        return 1;
    }
    const bench::Figures two = createPosts(cluster, author, seconds);
    bench::print("CreatePost, cluster, 2 post procs", two);
    std::printf("2 post processes / 1:               %.0f %%\n",
                100.0 * two.callsPerSecond / std::max(1.0, one.callsPerSecond));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    bool cluster = false;
    double seconds = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cluster") == 0) {
            cluster = true;
        } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else {
            std::printf("usage: bench_events [--seconds N] [--cluster]\n");
            return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    const std::string amqpUrl = qgetenv("DEVCOLL_TEST_AMQP_URL").toStdString();
    if (amqpUrl.empty()) {
        std::fprintf(stderr, "bench_events: needs DEVCOLL_TEST_AMQP_URL (scripts/bench starts a RabbitMQ)\n");
        return 2;
    }
    QTemporaryDir scratch;
    std::printf("devcoll bench: event latency, commit to applied, %d posts at %d/s, %s, %u cores\n", kPosts,
                kPostsPerSecond, qgetenv("DEVCOLL_TEST_BACKEND") == "postgres" ? "PostgreSQL" : "SQLite",
                std::thread::hardware_concurrency());
    const Latency embedded = eventLatency("", scratch.path());
    printLatency("in-process (embedded default)", embedded);
    QString error;
    const std::string vhostUrl = newVirtualHost(amqpUrl, "bench_" + randomHex(4), &error);
    if (vhostUrl.empty()) {
        std::fprintf(stderr, "bench_events: %s\n", qPrintable(error));
        return 1;
    }
    const Latency broker = eventLatency(vhostUrl, scratch.path());
    printLatency("through RabbitMQ", broker);
    std::printf("RabbitMQ p99:                       %.2f ms (goal < 250 ms)\n", broker.p99Ms);
    if (cluster) return clusterThroughput(seconds);
    return 0;
}
