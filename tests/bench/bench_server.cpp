// bench_server: GetUser and GetPost throughput and latency at concurrency 16, against a bare
// echo service on the same server in the same run (printed as ratios), CreatePost throughput,
// and logins per second.
// Client and server share this machine, as they share it in every figure in README.md.
#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "bench/measure.h"
#include "devcoll/bench/v1/echo.grpc.pb.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
using devcoll::bench::Figures;
using devcoll::bench::measure;
using devcoll::bench::print;

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
