#pragma once
// The transactional outbox: a service records the events of a change in the same transaction
// as the change itself, so an event is published if and only if the change committed.
#include <string>

#include "devcoll/result.h"
#include "platform/events/event_transport.h"
#include "platform/storage/database.h"

namespace devcoll::events {

// Creates the platform's event tables (outbox, inbox, dead letters) in a service's database.
Status createEventTables(storage::Database& db);

// A new envelope with a fresh id and the current time; the caller sets the payload.
Envelope newEnvelope(EventType type, const std::string& aggregateId, std::int64_t aggregateVersion,
                     const std::string& source);

class OutboxRelay;

// Writes `envelope` into the outbox inside `tx`, and wakes `relay` once `tx` commits.
Status appendToOutbox(storage::Tx& tx, const Envelope& envelope, OutboxRelay* relay);

// Serialises an envelope for storage (protobuf's JSON, readable by an operator) and back.
Result<std::string> envelopeToText(const Envelope& envelope);
Result<Envelope> envelopeFromText(const std::string& text);

}  // namespace devcoll::events
