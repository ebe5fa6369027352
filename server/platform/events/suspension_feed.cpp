#include "platform/events/suspension_feed.h"

#include "platform/clock.h"

namespace devcoll::events {
namespace {

// until: 0 for good; lifted: 1 once USER_UNSUSPENDED came; as_of: the event's time.
constexpr const char* kUpsert =
    "INSERT INTO account_suspensions (user_id, lifted, until, reason, as_of) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (user_id) DO UPDATE SET lifted = excluded.lifted, until = excluded.until, "
    "reason = excluded.reason, as_of = excluded.as_of WHERE account_suspensions.as_of <= excluded.as_of";

}  // namespace

Status createSuspensionTable(storage::Database& db) {
    return db.ensureTables({
        "CREATE TABLE IF NOT EXISTS account_suspensions (user_id TEXT PRIMARY KEY, lifted INTEGER NOT NULL, "
        "until BIGINT NOT NULL, reason TEXT NOT NULL, as_of BIGINT NOT NULL)",
    });
}

void followSuspensions(EventConsumer& consumer, security::Suspensions& suspensions, OnSuspension also) {
    auto handler = [&suspensions, also](bool suspended) {
        return [&suspensions, also, suspended](storage::Tx& tx, const Envelope& e) -> Status {
            const v1::SuspensionChanged& change = suspended ? e.user_suspended() : e.user_unsuspended();
            const std::int64_t until = suspended && change.has_until() ? fromTimestamp(change.until()) : 0;
            const std::int64_t asOf = fromTimestamp(e.occurred_at());
            DEVCOLL_CHECK(
                tx.exec(kUpsert, {change.user_id(), std::int64_t{suspended ? 0 : 1}, until, change.reason(), asOf}));
            if (also) DEVCOLL_CHECK(also(tx, change, suspended));
            tx.afterCommit([&suspensions, userId = change.user_id(), suspended, until, reason = change.reason(), asOf] {
                suspensions.apply(userId, !suspended, until, reason, asOf);
            });
            return {};
        };
    };
    consumer.on(v1::EVENT_TYPE_USER_SUSPENDED, handler(true));
    consumer.on(v1::EVENT_TYPE_USER_UNSUSPENDED, handler(false));
}

Result<std::optional<security::Suspension>> suspensionInForce(storage::Tx& tx, const std::string& userId,
                                                              std::int64_t nowMicros) {
    DEVCOLL_TRY(auto rows, tx.exec("SELECT until, reason FROM account_suspensions WHERE user_id = $1 AND lifted = 0 "
                                   "AND (until = 0 OR until > $2)",
                                   {userId, nowMicros}));
    if (rows.empty()) return std::optional<security::Suspension>{};
    return std::optional(security::Suspension{rows[0].integer(0), rows[0].text(1)});
}

Status loadSuspensions(storage::Database& db, security::Suspensions& suspensions) {
    return db.read([&](storage::Tx& tx) -> Status {
        DEVCOLL_TRY(auto rows, tx.exec("SELECT user_id, lifted, until, reason, as_of FROM account_suspensions"));
        for (const auto& r : rows) {
            suspensions.apply(r.text(0), r.integer(1) != 0, r.integer(2), r.text(3), r.integer(4));
        }
        return {};
    });
}

}  // namespace devcoll::events
