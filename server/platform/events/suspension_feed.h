#pragma once
// The suspension feed: how every service learns of USER_SUSPENDED / USER_UNSUSPENDED. Each
// service keeps the latest change per account in a platform table of its own database (so it
// knows them again after a restart, and a standby replica can read what the active consumer
// wrote) and in the process's Suspensions, which the access-token check consults.
#include <functional>
#include <optional>

#include "devcoll/result.h"
#include "platform/events/event_consumer.h"
#include "platform/security/suspensions.h"
#include "platform/storage/database.h"

namespace devcoll::events {

// Creates the platform's account_suspensions table in a service's database.
Status createSuspensionTable(storage::Database& db);

// What a service does besides (auth: nothing more yet), in the same transaction.
using OnSuspension = std::function<Status(storage::Tx&, const v1::SuspensionChanged&, bool suspended)>;

// Registers the consumer's handlers of both events: the table row in the event's transaction,
// `suspensions` once it commits.
void followSuspensions(EventConsumer& consumer, security::Suspensions& suspensions, OnSuspension also = {});

// The suspension in force over `userId` at `nowMicros` as the service's table holds it, read in
// `tx` (so a handler sees the state its own consumer committed, in event order).
Result<std::optional<security::Suspension>> suspensionInForce(storage::Tx& tx, const std::string& userId,
                                                              std::int64_t nowMicros);

// Reads the table into `suspensions` (at start, and periodically on replicas that may not be
// the active consumer).
Status loadSuspensions(storage::Database& db, security::Suspensions& suspensions);

}  // namespace devcoll::events
