#pragma once
// EventTransport: how events travel from one service's outbox relay to the consumers of other
// services. In-process for the embedded default; AMQP when services run apart. Delivery is at
// least once; consumers make application exactly once with their inbox.
#include <functional>
#include <set>
#include <span>
#include <string>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/result.h"

namespace devcoll::events {

using Envelope = devcoll::events::v1::Envelope;
using EventType = devcoll::events::v1::EventType;

class EventTransport {
public:
    // Applies events, in order: one, or several that queued up meanwhile; an error asks for
    // the redelivery of all of them.
    using Handler = std::function<Status(std::span<const Envelope* const>)>;
    // Runs once the transport has taken responsibility for the event (in-process: every
    // subscriber has applied or dead-lettered it; AMQP: the broker confirmed it).
    using Confirmation = std::function<void()>;

    virtual ~EventTransport() = default;

    virtual void publish(const Envelope& envelope, Confirmation confirmed) = 0;
    // `consumer` names the subscribing service ("user"); it receives the events of `types`
    // in publication order.
    virtual void subscribe(const std::string& consumer, std::set<int> types, Handler handler) = 0;
    // True when nothing is queued or being applied.
    virtual bool idle() const = 0;
    // Stops delivery; what is queued is dropped (it is still in the outboxes).
    virtual void stop() = 0;
};

}  // namespace devcoll::events
