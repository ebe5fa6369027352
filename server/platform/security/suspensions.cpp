#include "platform/security/suspensions.h"

#include <ctime>
#include <mutex>

namespace devcoll::security {

void Suspensions::apply(const std::string& userId, bool lifted, std::int64_t untilMicros, std::string reason,
                        std::int64_t asOfMicros) {
    Suspension news;
    {
        std::unique_lock lock(m_mutex);
        auto [it, added] = m_entries.try_emplace(userId);
        // Several services of a process apply the same event, and reloads repeat it: only a
        // newer change counts.
        if (!added && it->second.asOf >= asOfMicros) return;
        it->second = Entry{lifted, Suspension{untilMicros, std::move(reason)}, asOfMicros};
        if (lifted || !m_listener) return;
        news = it->second.suspension;
    }
    m_listener(userId, news);
}

std::optional<Suspension> Suspensions::active(const std::string& userId, std::int64_t nowMicros) const {
    std::shared_lock lock(m_mutex);
    const auto it = m_entries.find(userId);
    if (it == m_entries.end() || it->second.lifted) return std::nullopt;
    const Suspension& s = it->second.suspension;
    if (s.untilMicros != 0 && s.untilMicros <= nowMicros) return std::nullopt;
    return s;
}

std::string describe(const Suspension& suspension) {
    if (suspension.untilMicros == 0) return "suspended: " + suspension.reason;
    const std::time_t seconds = static_cast<std::time_t>(suspension.untilMicros / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &utc);
    return "suspended until " + std::string(text) + " UTC: " + suspension.reason;
}

}  // namespace devcoll::security
