// bench_search: search at scale on a real server. It indexes 100,000 users and 1,000,000 posts
// (words drawn from a 30,000-word vocabulary by a Zipf law, so some words are everywhere and
// most are rare, as in real text) straight into the search service's index through its own
// indexing code, then measures over gRPC: a two-word post search, a three-letter prefix user
// search, and how long a new post takes to become findable while others write 1,000 posts/s.
#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

#include "bench/measure.h"
#include "bench/zipf.h"
#include "devcoll/ids.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "platform/clock.h"
#include "search/search_store.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
using devcoll::bench::Figures;
using devcoll::bench::measure;
using devcoll::bench::print;
using devcoll::bench::Zipf;
namespace sv1 = devcoll::search::v1;

namespace {

// Pronounceable made-up words: the same vocabulary on every run.
std::vector<std::string> vocabulary(int size) {
    static const char* const kSyllables[] = {"ka",  "lo",  "mi", "ren", "tos", "vu",  "pel", "dra", "shi", "nor",
                                             "qua", "zet", "bi", "fen", "gor", "hal", "jus", "wix", "yam", "cor"};
    std::vector<std::string> words;
    for (int i = 0; static_cast<int>(words.size()) < size; ++i) {
        std::string w;
        for (int n = i + 20; n > 0; n /= 20) w += kSyllables[n % 20];
        words.push_back(w);
    }
    return words;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::int64_t postCount = 1'000'000;
    int userCount = 100'000;
    double seconds = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::printf(
                "usage: bench_search [--posts N] [--users N] [--seconds S]\n"
                "Indexes N posts (default 1000000) and users (default 100000) into a real server's search\n"
                "index on DEVCOLL_TEST_BACKEND (sqlite or postgres), then prints search latencies and\n"
                "index freshness under 1000 posts/s.\n");
            return 0;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "bench_search: %s needs a value (try --help)\n", arg.c_str());
            return 2;
        }
        if (arg == "--posts") {
            postCount = std::max<std::int64_t>(1000, std::atoll(argv[++i]));
        } else if (arg == "--users") {
            userCount = std::max(100, std::atoi(argv[++i]));
        } else if (arg == "--seconds") {
            seconds = std::max(1.0, std::atof(argv[++i]));
        } else {
            std::fprintf(stderr, "bench_search: unknown argument '%s' (try --help)\n", arg.c_str());
            return 2;
        }
    }

    Config config = TestServer::defaultConfig();
    config.logLevel = "error";
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_search: cannot start: %s\n", qPrintable(server.error()));
        return 1;
    }
    storage::Database& db = *server.server().database("search");
    search::SearchStore store(db);
    std::printf("devcoll search bench: %lld posts, %d users, %u cores, %s\n", static_cast<long long>(postCount),
                userCount, std::thread::hardware_concurrency(), server.postgres() ? "PostgreSQL" : "SQLite");
    std::fflush(stdout);

    // --- the data set, through the index's own code, in large transactions
    const std::vector<std::string> words = vocabulary(30'000);
    const Zipf wordZipf(static_cast<int>(words.size()), 1.07);
    std::mt19937_64 random(20261130);
    QElapsedTimer timer;
    timer.start();
    std::vector<std::string> userIds;
    constexpr int kBatch = 2000;
    for (int start = 0; start < userCount; start += kBatch) {
        Status written = db.transact([&](storage::Tx& tx) -> Status {
            for (int i = start; i < std::min(userCount, start + kBatch); ++i) {
                events::v1::UserProfile p;
                p.set_user_id(newUuidV7());
                p.set_username(words[static_cast<std::size_t>(i) % words.size()] + "_" + std::to_string(i));
                p.set_display_name(words[static_cast<std::size_t>(wordZipf(random))] + " " +
                                   words[static_cast<std::size_t>(wordZipf(random))]);
                p.set_bio("I write " + words[static_cast<std::size_t>(wordZipf(random))] + " and " +
                          words[static_cast<std::size_t>(wordZipf(random))]);
                p.set_version(1);
                userIds.push_back(p.user_id());
                DEVCOLL_CHECK(store.indexUser(tx, p));
            }
            return {};
        });
        if (!written.ok()) {
            std::fprintf(stderr, "indexing users: %s\n", written.error().message.c_str());
            return 1;
        }
    }
    const std::int64_t yearAgo = nowMicros() - 365LL * 24 * 3600 * 1'000'000;
    for (std::int64_t start = 0; start < postCount; start += kBatch) {
        Status written = db.transact([&](storage::Tx& tx) -> Status {
            for (std::int64_t n = start; n < std::min(postCount, start + kBatch); ++n) {
                events::v1::PostChanged p;
                p.set_post_id(newUuidV7());
                p.set_author_id(userIds[random() % userIds.size()]);
                std::string body;
                const int length = 8 + static_cast<int>(random() % 40);
                for (int w = 0; w < length; ++w) body += words[static_cast<std::size_t>(wordZipf(random))] + " ";
                if (n % 7 == 0) body += "\n```cpp\nstd::vector<int> v;\n```\n#cpp";
                p.set_body(body);
                p.set_visibility(n % 10 == 0 ? 2 : 1);
                const std::int64_t at = yearAgo + n * (365LL * 24 * 3600 * 1'000'000 / postCount);
                *p.mutable_created_at() = toTimestamp(at);
                *p.mutable_updated_at() = toTimestamp(at);
                p.set_version(1);
                DEVCOLL_CHECK(store.indexPost(tx, p));
            }
            return {};
        });
        if (!written.ok()) {
            std::fprintf(stderr, "indexing posts: %s\n", written.error().message.c_str());
            return 1;
        }
        if ((start / kBatch) % 100 == 0) {
            std::printf("  indexed %lld posts (%.0f s)\n", static_cast<long long>(start), timer.elapsed() / 1000.0);
            std::fflush(stdout);
        }
    }
    if (server.postgres()) {
        (void)db.read([](storage::Tx& tx) { return tx.exec("VACUUM ANALYZE search_posts"); });
        (void)db.read([](storage::Tx& tx) { return tx.exec("VACUUM ANALYZE search_users"); });
    }
    std::printf("indexed in %.0f s\n", timer.elapsed() / 1000.0);

    // --- searches over gRPC, one client
    TestUser reader = server.registerUser("bench");
    if (!server.waitForProfile(reader)) return 1;
    auto search = sv1::SearchService::NewStub(server.channel());
    std::mt19937_64 pick(7);
    const Figures twoWords = measure(1, seconds, [&](int) {
        // Two words of middling frequency (ranks 50 to 2000): thousands of posts each.
        sv1::SearchPostsRequest req;
        req.set_query(words[50 + pick() % 1950] + " " + words[50 + pick() % 1950]);
        sv1::SearchPostsResponse resp;
        return search->SearchPosts(TestServer::as(reader).get(), req, &resp).ok();
    });
    print("SearchPosts, 2 words", twoWords);
    const Figures prefix = measure(1, seconds, [&](int) {
        sv1::SearchUsersRequest req;
        req.set_query(words[pick() % words.size()].substr(0, 3));
        sv1::SearchUsersResponse resp;
        return search->SearchUsers(TestServer::as(reader).get(), req, &resp).ok();
    });
    print("SearchUsers, 3-letter prefix", prefix);

    // --- freshness: write -> findable, while 1000 posts/s are written
    TestUser writer = server.registerUser("bench");
    if (!server.waitForProfile(writer)) return 1;
    std::atomic<bool> stop{false};
    std::atomic<long> loadPosts{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 4; ++t) {
        load.emplace_back([&, t] {
            auto next = std::chrono::steady_clock::now();
            while (!stop) {
                devcoll::post::v1::CreatePostRequest req;
                req.set_body("background load " + std::to_string(t) + " " + words[pick() % 500]);
                devcoll::post::v1::CreatePostResponse resp;
                if (server.posts().CreatePost(TestServer::as(writer).get(), req, &resp).ok()) ++loadPosts;
                next += std::chrono::microseconds(4000);  // 4 threads x 250/s
                std::this_thread::sleep_until(next);
            }
        });
    }
    std::vector<double> freshness;
    QElapsedTimer probeClock;
    probeClock.start();
    for (int i = 0; probeClock.elapsed() < seconds * 2000; ++i) {
        const std::string token = "freshprobe" + std::to_string(i);
        devcoll::post::v1::CreatePostRequest req;
        req.set_body("probe " + token);
        devcoll::post::v1::CreatePostResponse resp;
        if (!server.posts().CreatePost(TestServer::as(writer).get(), req, &resp).ok()) continue;
        QElapsedTimer since;
        since.start();
        for (;;) {
            sv1::SearchPostsRequest sreq;
            sreq.set_query(token);
            sv1::SearchPostsResponse sresp;
            if (search->SearchPosts(TestServer::as(writer).get(), sreq, &sresp).ok() && sresp.hits_size() == 1) break;
            if (since.elapsed() > 5000) break;
            // Looking again at once would only take CPU from the work being measured.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        freshness.push_back(static_cast<double>(since.nsecsElapsed()) / 1e6);
    }
    const double loadSeconds = probeClock.elapsed() / 1000.0;
    stop = true;
    for (auto& t : load) t.join();
    std::printf("%-28s %10.0f posts/s of load; write -> findable p50 %.1f ms, p99 %.1f ms (%zu probes)\n",
                "Index freshness", static_cast<double>(loadPosts) / loadSeconds, percentile(freshness, 0.5),
                percentile(freshness, 0.99), freshness.size());
    std::printf("goals: 2-word search p50 < 10 ms; prefix user search p50 < 5 ms; freshness p99 < 100 ms\n");
    return 0;
}
