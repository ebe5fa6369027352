#pragma once
// The benchmarks' one way of measuring: a call repeated from N client threads for a while,
// after a warm-up, reported as throughput and latency percentiles.
#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace devcoll::bench {

struct Figures final {
    double callsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    long errors = 0;
};

// Runs `call(thread)` (returns success) from `concurrency` threads for `seconds`.
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

// The value below which a fraction `p` of the samples lie.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}

inline void print(const char* name, const Figures& f) {
    std::printf("%-28s %10.0f calls/s   p50 %7.3f ms   p99 %7.3f ms   errors %ld\n", name, f.callsPerSecond, f.p50Ms,
                f.p99Ms, f.errors);
    std::fflush(stdout);
}

}  // namespace devcoll::bench
