#pragma once
// Suspensions: which accounts a moderator suspended, as this process knows them, so that every
// service refuses their access tokens at once, without asking auth. Kept from USER_SUSPENDED /
// USER_UNSUSPENDED events (events/suspension_feed.h); each entry carries the time of the change
// it came from, and an older change never overwrites a newer one, so several services of one
// process, or a reload from a table, may feed the same object in any order.
#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace devcoll::security {

struct Suspension final {
    std::int64_t untilMicros = 0;  // 0: for good
    std::string reason;
};

class Suspensions final {
public:
    // Records a suspension (`lifted` false) or its end, changed at `asOfMicros`.
    void apply(const std::string& userId, bool lifted, std::int64_t untilMicros, std::string reason,
               std::int64_t asOfMicros);
    // The suspension in force for `userId` at `nowMicros`, if any.
    std::optional<Suspension> active(const std::string& userId, std::int64_t nowMicros) const;

    // Told of each account newly suspended (not of a change it already knew), outside the lock:
    // what holds a session open beyond a single call (a Subscribe stream) ends it. Set once,
    // before events flow.
    using Listener = std::function<void(const std::string& userId, const Suspension&)>;
    void setListener(Listener listener) { m_listener = std::move(listener); }

private:
    struct Entry final {
        bool lifted = false;
        Suspension suspension;
        std::int64_t asOf = 0;
    };
    mutable std::shared_mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
    Listener m_listener;
};

// "suspended until 2027-01-01 00:00 UTC: <reason>" or "suspended: <reason>" (for good).
std::string describe(const Suspension& suspension);

}  // namespace devcoll::security
