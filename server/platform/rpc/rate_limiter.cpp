#include "platform/rpc/rate_limiter.h"

#include <cmath>

namespace devcoll::rpc {
namespace {

constexpr auto kSweepEvery = std::chrono::seconds(60);

double perSecond(const RateLimit& limit) {
    return static_cast<double>(limit.requests) / static_cast<double>(limit.window.count());
}

}  // namespace

std::optional<std::int64_t> RateLimiter::take(const std::string& key, bool account) {
    const RateLimit& limit = account ? m_perAccount : m_perAddress;
    if (limit.requests <= 0) return std::nullopt;
    const Clock::time_point now = Clock::now();
    const double capacity = limit.requests;
    const double refill = perSecond(limit);
    std::lock_guard lock(m_mutex);
    if (now - m_lastSweep > kSweepEvery) forgetFullBuckets(now);
    auto [it, added] = m_buckets.try_emplace((account ? "a:" : "i:") + key, Bucket{capacity, now});
    Bucket& bucket = it->second;
    if (!added) {
        const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
        bucket.tokens = std::min(capacity, bucket.tokens + elapsed * refill);
        bucket.at = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    return static_cast<std::int64_t>(std::ceil((1.0 - bucket.tokens) / refill));
}

void RateLimiter::forgetFullBuckets(Clock::time_point now) {
    m_lastSweep = now;
    std::erase_if(m_buckets, [&](const auto& entry) {
        const RateLimit& limit = entry.first.starts_with("a:") ? m_perAccount : m_perAddress;
        const double elapsed = std::chrono::duration<double>(now - entry.second.at).count();
        return entry.second.tokens + elapsed * perSecond(limit) >= limit.requests;
    });
}

}  // namespace devcoll::rpc
