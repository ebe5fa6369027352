#pragma once
// AmqpTransport: events between processes through RabbitMQ (AMQP 0-9-1), for scale-out.
//
// - Events go to the durable topic exchange `devcoll.events` as persistent messages, routed
//   by type ("post.created"). The relay deletes an outbox row only after the broker's
//   publisher confirm.
// - Each consuming service has one durable queue, `<service>_queue` (a quorum queue where
//   the broker has them), with a single active consumer: replicas of a service stand by
//   rather than share, so the events of one aggregate are applied in publication order.
// - A delivery is acked only after the consumer's inbox transaction committed. An event the
//   consumer gives up on goes to `<service>_queue.dead` through the `devcoll.dead` exchange,
//   and so does a message that came back `deliveryLimit` times (a consumer that crashed on it).
// - Each thread owns its connection (rabbitmq-c is not thread-safe): one publisher, one per
//   subscribing service. A lost connection is opened again with backoff; meanwhile publishes
//   are refused (the outbox keeps them) and unacked deliveries return to the queue.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/events/amqp_connection.h"
#include "platform/events/event_transport.h"

namespace devcoll::events {

struct AmqpSettings final {
    AmqpAddress address;
    std::string exchange = "devcoll.events";
    std::string deadExchange = "devcoll.dead";
    int prefetch = 64;
    // A message returned to its queue this often (its consumer died while holding it) is
    // dead-lettered by the broker, so that one poison message cannot stop a service for good.
    int deliveryLimit = 20;
    // Every consuming service's queue and the event types bound to it (event_topology.h),
    // declared by the publisher when it connects; empty: each queue only by its consumer.
    std::map<std::string, std::set<int>> topology;
};

// "EVENT_TYPE_POST_CREATED" -> "post.created": the routing key of an event type.
std::string routingKeyOf(EventType type);

class AmqpTransport final : public EventTransport {
public:
    explicit AmqpTransport(AmqpSettings settings);
    ~AmqpTransport() override;
    AmqpTransport(const AmqpTransport&) = delete;
    AmqpTransport& operator=(const AmqpTransport&) = delete;

    void publish(const Envelope& envelope, Confirmation confirmed) override;
    void subscribe(const std::string& consumer, std::set<int> types, Handler handler) override;
    void deadLettered(const std::string& consumer, const Envelope& envelope, const std::string& error) override;
    bool idle() const override;
    void stop() override;

    // True while the publisher is connected to the broker (health checks, tests).
    bool publisherConnected() const { return m_publisherConnected; }

private:
    struct Outgoing;
    class Subscriber;

    void runPublisher();
    Result<std::unique_ptr<AmqpConnection>> connectPublisher();
    // Publishes what is queued; false when the connection broke.
    bool publishQueued(AmqpConnection& connection);
    // Reads the broker's confirms for up to `wait`; false when the connection broke.
    bool readConfirms(AmqpConnection& connection, std::chrono::milliseconds wait);
    void confirm(std::uint64_t tag, bool multiple, bool accepted);
    // Refuses everything queued and unconfirmed (the connection is gone).
    void refuseAll();

    const AmqpSettings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Outgoing> m_queue;
    std::deque<Outgoing> m_unconfirmed;  // publisher thread only, in delivery-tag order
    std::atomic<std::size_t> m_unconfirmedCount{0};
    std::uint64_t m_nextTag = 0;
    std::atomic<bool> m_publisherConnected{false};
    bool m_blocked = false;  // publisher thread only: the broker said connection.blocked
    bool m_stopping = false;
    std::thread m_publisher;
    std::vector<std::unique_ptr<Subscriber>> m_subscribers;
};

}  // namespace devcoll::events
