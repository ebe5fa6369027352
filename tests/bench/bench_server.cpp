// bench_server: GetUser and GetPost throughput and latency at concurrency 16, against a bare
// echo service on the same server in the same run (printed as ratios), CreatePost throughput,
// and logins per second.
// Client and server share this machine, as they share it in every figure in README.md.
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "devcoll/bench/v1/echo.grpc.pb.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

struct Figures {
    double callsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    long errors = 0;
};

// Runs `call` from `concurrency` threads for `seconds`, after a short warm-up.
template <typename Call>
Figures measure(int concurrency, double seconds, Call call) {
    std::atomic<bool> measuring{false};
    std::atomic<bool> stop{false};
    std::atomic<long> errors{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(concurrency));
    std::vector<std::thread> threads;
    for (int t = 0; t < concurrency; ++t) {
        threads.emplace_back([&, t] {
            auto& mine = latencies[static_cast<std::size_t>(t)];
            while (!stop) {
                QElapsedTimer timer;
                timer.start();
                const bool ok = call(t);
                const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
                if (measuring) {
                    mine.push_back(ms);
                    if (!ok) ++errors;
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // warm-up
    measuring = true;
    QElapsedTimer wall;
    wall.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
    measuring = false;
    const double elapsed = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    stop = true;
    for (auto& th : threads) th.join();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    Figures f;
    if (all.empty()) return f;
    f.callsPerSecond = static_cast<double>(all.size()) / elapsed;
    f.p50Ms = all[all.size() / 2];
    f.p99Ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    f.errors = errors;
    return f;
}

void print(const char* name, const Figures& f) {
    std::printf("%-28s %10.0f calls/s   p50 %7.3f ms   p99 %7.3f ms   errors %ld\n", name, f.callsPerSecond, f.p50Ms,
                f.p99Ms, f.errors);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
    constexpr int kConcurrency = 16;

    Config config = TestServer::defaultConfig();
    config.enableEcho = true;
    config.logLevel = "error";
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_server: cannot start: %s\n", qPrintable(server.error()));
        return 1;
    }
    std::printf("devcoll bench: %d client threads, %.0f s per figure, %u cores, %s\n", kConcurrency, seconds,
                std::thread::hardware_concurrency(), server.postgres() ? "PostgreSQL" : "SQLite");

    TestUser reader = server.registerUser("bench");
    TestUser target = server.registerUser("bench");
    if (!server.waitForProfile(target)) return 1;

    auto echo = devcoll::bench::v1::EchoService::NewStub(server.channel());
    const Figures echoFigures = measure(kConcurrency, seconds, [&](int) {
        grpc::ClientContext ctx;
        devcoll::bench::v1::EchoRequest req;
        req.set_message(target.id);
        devcoll::bench::v1::EchoResponse resp;
        return echo->Echo(&ctx, req, &resp).ok();
    });
    print("Echo (baseline)", echoFigures);

    const Figures getUser = measure(kConcurrency, seconds, [&](int) {
        auto ctx = TestServer::as(reader);
        devcoll::user::v1::GetUserRequest req;
        req.set_user_id(target.id);
        devcoll::user::v1::GetUserResponse resp;
        return server.users().GetUser(ctx.get(), req, &resp).ok();
    });
    print("GetUser", getUser);
    std::printf("GetUser / Echo throughput:   %.0f %%  (goal >= 50 %%)\n",
                100.0 * getUser.callsPerSecond / std::max(1.0, echoFigures.callsPerSecond));
    std::printf("GetUser p99:                 %.3f ms (goal < 5 ms)\n", getUser.p99Ms);

    // Posts: CreatePost throughput, and GetPost against the same echo baseline.
    std::atomic<long> counter{0};
    const Figures createPost = measure(kConcurrency, seconds, [&](int) {
        devcoll::post::v1::CreatePostRequest req;
        req.set_body("bench post " + std::to_string(counter++) + "\n```cpp\nauto x = 42;\n```");
        devcoll::post::v1::CreatePostResponse resp;
        return server.posts().CreatePost(TestServer::as(target).get(), req, &resp).ok();
    });
    print("CreatePost", createPost);
    std::string postId;
    {
        devcoll::post::v1::CreatePostRequest req;
        req.set_body("the post everyone reads");
        devcoll::post::v1::CreatePostResponse resp;
        if (!server.posts().CreatePost(TestServer::as(target).get(), req, &resp).ok()) return 1;
        postId = resp.post().id();
    }
    const Figures getPost = measure(kConcurrency, seconds, [&](int) {
        devcoll::post::v1::GetPostRequest req;
        req.set_post_id(postId);
        devcoll::post::v1::GetPostResponse resp;
        return server.posts().GetPost(TestServer::as(reader).get(), req, &resp).ok();
    });
    print("GetPost", getPost);
    std::printf("GetPost / Echo throughput:   %.0f %%  (goal >= 50 %%)\n",
                100.0 * getPost.callsPerSecond / std::max(1.0, echoFigures.callsPerSecond));

    const Figures login = measure(kConcurrency, seconds, [&](int) {
        devcoll::auth::v1::LoginRequest req;
        req.set_login(reader.username);
        req.set_password(reader.password);
        devcoll::auth::v1::LoginResponse resp;
        return server.auth().Login(TestServer::anonymous().get(), req, &resp).ok();
    });
    print("Login (argon2id 19 MiB/2)", login);
    return getUser.errors == 0 && echoFigures.errors == 0 && login.errors == 0 && createPost.errors == 0 &&
                   getPost.errors == 0
               ? 0
               : 1;
}
