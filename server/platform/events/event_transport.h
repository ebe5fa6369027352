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
    // Runs with true once the transport has taken responsibility for the event (in-process:
    // every subscriber has applied or dead-lettered it; AMQP: the broker confirmed it), with
    // false when it could not (the broker refused it or went away): publish it again later.
    using Confirmation = std::function<void(bool accepted)>;

    virtual ~EventTransport() = default;

    virtual void publish(const Envelope& envelope, Confirmation confirmed) = 0;
    // `consumer` names the subscribing service ("user"); it receives the events of `types`
    // in publication order.
    virtual void subscribe(const std::string& consumer, std::set<int> types, Handler handler) = 0;
    // Tells the transport that `consumer` gave up on an event (its own dead-letter table has
    // it): AMQP also puts it in the consumer's dead-letter queue, where broker tools see it.
    virtual void deadLettered(const std::string& consumer, const Envelope& envelope, const std::string& error) {
        (void)consumer;
        (void)envelope;
        (void)error;
    }
    // True when nothing is queued or being applied in this process.
    virtual bool idle() const = 0;
    // Stops delivery; what is queued is dropped (it is still in the outboxes).
    virtual void stop() = 0;
};

}  // namespace devcoll::events
