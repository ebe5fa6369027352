// bench_feed: generates the feed data set (10k users, 1M posts, a measured user who follows
// 500 people) in a real server's post database, then measures GetFeed over gRPC: the first
// page, page 50, a user who follows few people, and the first page under 16 clients.
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

#include "bench/feed_data.h"
#include "bench/measure.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
using devcoll::bench::Figures;
using devcoll::bench::measure;
using devcoll::bench::print;

namespace {

// GetFeed as `user`, continuing from `token`; the next page's token, or nullopt on failure.
std::optional<std::string> feedPage(TestServer& server, const TestUser& user, const std::string& token, int pageSize,
                                    int* count = nullptr) {
    devcoll::post::v1::GetFeedRequest req;
    req.set_page_size(pageSize);
    req.set_page_token(token);
    devcoll::post::v1::GetFeedResponse resp;
    if (!server.posts().GetFeed(TestServer::as(user).get(), req, &resp).ok()) return std::nullopt;
    if (count) *count = resp.posts_size();
    return resp.next_page_token();
}

void report(const char* name, const Figures& f, double p50Goal, double p99Goal) {
    print(name, f);
    std::printf("%-28s p50 %s %.0f ms, p99 %s %.0f ms\n", "", f.p50Ms < p50Goal ? "<" : "NOT <", p50Goal,
                f.p99Ms < p99Goal ? "<" : "NOT <", p99Goal);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("bench_feed");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Generates the feed data set in a throwaway server (engine from DEVCOLL_TEST_BACKEND) and measures GetFeed.");
    parser.addHelpOption();
    const QCommandLineOption secondsOption("seconds", "Seconds per figure (default 5).", "seconds", "5");
    const QCommandLineOption postsOption("posts", "Posts to generate (default 1000000).", "count", "1000000");
    parser.addOption(secondsOption);
    parser.addOption(postsOption);
    parser.process(app);
    bool ok = false;
    const double seconds = parser.value(secondsOption).toDouble(&ok);
    if (!ok || seconds <= 0) parser.showHelp(2);
    bench::FeedDataSpec spec;
    spec.posts = parser.value(postsOption).toLongLong(&ok);
    if (!ok || spec.posts < 1000) parser.showHelp(2);

    Config config = TestServer::defaultConfig();
    config.logLevel = "error";
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_feed: cannot start: %s\n", qPrintable(server.error()));
        return 1;
    }
    std::printf("devcoll feed bench: %s, %lld posts, %.0f s per figure, %u cores\n",
                server.postgres() ? "PostgreSQL" : "SQLite", static_cast<long long>(spec.posts), seconds,
                std::thread::hardware_concurrency());
    std::fflush(stdout);

    const TestUser measured = server.registerUser("reader");
    const TestUser sparse = server.registerUser("lurker");
    auto generated = bench::generateFeedData(*server.server().database("post"), spec, measured.id, sparse.id,
                                             [](const std::string& line) {
                                                 std::printf("  generating %s\n", line.c_str());
                                                 std::fflush(stdout);
                                             });
    if (!generated.ok()) {
        std::fprintf(stderr, "bench_feed: generating failed: %s\n", generated.error().message.c_str());
        return 1;
    }
    std::printf(
        "generated %lld posts, %lld follows, %lld likes in %.0f s; the measured feed holds %lld posts, "
        "the sparse one %lld\n",
        static_cast<long long>(generated->posts), static_cast<long long>(generated->follows),
        static_cast<long long>(generated->likes), generated->seconds,
        static_cast<long long>(generated->measuredFeedPosts), static_cast<long long>(generated->sparseFeedPosts));

    // What any authenticated call costs here, for scale: GetPost from one client.
    std::string anyPost;
    {
        devcoll::post::v1::GetFeedRequest req;
        req.set_page_size(1);
        devcoll::post::v1::GetFeedResponse resp;
        if (!server.posts().GetFeed(TestServer::as(measured).get(), req, &resp).ok() || resp.posts_size() != 1) {
            std::fprintf(stderr, "bench_feed: the measured feed is empty\n");
            return 1;
        }
        anyPost = resp.posts(0).id();
    }
    print("GetPost (for scale)", measure(1, seconds, [&](int) {
              devcoll::post::v1::GetPostRequest req;
              req.set_post_id(anyPost);
              devcoll::post::v1::GetPostResponse resp;
              return server.posts().GetPost(TestServer::as(measured).get(), req, &resp).ok();
          }));

    constexpr int kPageSize = 20;
    const Figures first =
        measure(1, seconds, [&](int) { return feedPage(server, measured, "", kPageSize).has_value(); });
    report("GetFeed page 1", first, 2, 10);

    std::string token;
    for (int page = 1; page < 50; ++page) {
        auto next = feedPage(server, measured, token, kPageSize);
        if (!next || next->empty()) {
            std::fprintf(stderr, "bench_feed: the feed ended before page 50\n");
            return 1;
        }
        token = *next;
    }
    const Figures deep =
        measure(1, seconds, [&](int) { return feedPage(server, measured, token, kPageSize).has_value(); });
    report("GetFeed page 50", deep, 2, 10);

    const Figures few = measure(1, seconds, [&](int) { return feedPage(server, sparse, "", kPageSize).has_value(); });
    report("GetFeed, follows 5, page 1", few, 2, 10);

    const Figures loaded =
        measure(16, seconds, [&](int) { return feedPage(server, measured, "", kPageSize).has_value(); });
    print("GetFeed page 1, 16 clients", loaded);

    return first.errors == 0 && deep.errors == 0 && few.errors == 0 && loaded.errors == 0 ? 0 : 1;
}
