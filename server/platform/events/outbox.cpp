#include "platform/events/outbox.h"

#include <google/protobuf/util/json_util.h>

#include "devcoll/ids.h"
#include "platform/clock.h"
#include "platform/events/outbox_relay.h"

namespace devcoll::events {

Status createEventTables(storage::Database& db) {
    const bool sqlite = db.engine() == storage::Engine::Sqlite;
    const std::string serial = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    return db.ensureTables({
        "CREATE TABLE IF NOT EXISTS event_outbox (seq " + serial +
            ", event_id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, "
            "envelope TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS event_inbox (event_id TEXT NOT NULL, consumer TEXT NOT NULL, "
        "processed_at BIGINT NOT NULL, PRIMARY KEY (event_id, consumer))",
        "CREATE TABLE IF NOT EXISTS event_dead_letter (event_id TEXT NOT NULL, consumer TEXT NOT NULL, "
        "event_type TEXT NOT NULL, envelope TEXT NOT NULL, error TEXT NOT NULL, attempts INTEGER NOT NULL, "
        "failed_at BIGINT NOT NULL, PRIMARY KEY (event_id, consumer))",
        "CREATE TABLE IF NOT EXISTS event_relay_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, "
        "expires_at BIGINT NOT NULL)",
    });
}

Envelope newEnvelope(EventType type, const std::string& aggregateId, std::int64_t aggregateVersion,
                     const std::string& source) {
    Envelope e;
    e.set_event_id(newUuidV7());
    e.set_type(type);
    e.set_aggregate_id(aggregateId);
    e.set_aggregate_version(aggregateVersion);
    *e.mutable_occurred_at() = toTimestamp(nowMicros());
    e.set_source(source);
    return e;
}

Result<std::string> envelopeToText(const Envelope& envelope) {
    std::string text;
    const auto status = google::protobuf::util::MessageToJsonString(envelope, &text);
    if (!status.ok()) return makeError(ErrorCode::Internal, "cannot serialise event: " + status.ToString());
    return text;
}

Result<Envelope> envelopeFromText(const std::string& text) {
    Envelope envelope;
    const auto status = google::protobuf::util::JsonStringToMessage(text, &envelope);
    if (!status.ok()) return makeError(ErrorCode::Internal, "cannot parse stored event: " + status.ToString());
    return envelope;
}

Status appendToOutbox(storage::Tx& tx, const Envelope& envelope, OutboxRelay* relay) {
    DEVCOLL_TRY(const std::string text, envelopeToText(envelope));
    DEVCOLL_CHECK(
        tx.exec("INSERT INTO event_outbox (event_id, event_type, aggregate_id, envelope, created_at) "
                "VALUES ($1, $2, $3, $4, $5)",
                {envelope.event_id(), EventType_Name(envelope.type()), envelope.aggregate_id(), text, nowMicros()}));
    if (relay) tx.afterCommit([relay] { relay->wake(); });
    return {};
}

}  // namespace devcoll::events
