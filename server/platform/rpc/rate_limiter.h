#pragma once
// RateLimiter: token buckets per account and per client address, shared by every service of a
// process. A bucket holds up to `requests` calls and refills at `requests` per `window`, so a
// client may burst up to the whole allowance and then go on at the average rate. Buckets that
// have refilled completely are forgotten, which bounds memory by the clients of one window.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace devcoll::rpc {

struct RateLimit final {
    int requests = 0;  // 0: unlimited
    std::chrono::seconds window{300};
};

class RateLimiter final {
public:
    RateLimiter(RateLimit perAccount, RateLimit perAddress) : m_perAccount(perAccount), m_perAddress(perAddress) {}

    // Takes one call from the bucket of an account (`account` true) or an address. Nothing when
    // the call may go ahead; otherwise the whole seconds until it may.
    std::optional<std::int64_t> take(const std::string& key, bool account);

    const RateLimit& perAccount() const { return m_perAccount; }
    const RateLimit& perAddress() const { return m_perAddress; }

private:
    using Clock = std::chrono::steady_clock;
    struct Bucket final {
        double tokens = 0;
        Clock::time_point at;
    };
    void forgetFullBuckets(Clock::time_point now);

    const RateLimit m_perAccount;
    const RateLimit m_perAddress;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;  // "a:" accounts, "i:" addresses
    Clock::time_point m_lastSweep = Clock::now();
};

}  // namespace devcoll::rpc
