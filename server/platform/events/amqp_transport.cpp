#include "platform/events/amqp_transport.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace devcoll::events {
namespace {

constexpr auto kFirstBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::seconds(5);
// How long the publisher waits on the socket for confirms before it looks for new events.
constexpr auto kConfirmPoll = std::chrono::milliseconds(2);
// How long the publisher waits for the broker's unblocking while it is blocked.
constexpr auto kBlockedPoll = std::chrono::milliseconds(100);
// How long a consumer waits for a delivery before it looks whether it should stop.
constexpr auto kDeliveryPoll = std::chrono::milliseconds(250);

timeval timevalOf(std::chrono::milliseconds d) {
    return timeval{static_cast<time_t>(d.count() / 1000), static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

std::chrono::milliseconds nextBackoff(std::chrono::milliseconds backoff) {
    return std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
}

// The arguments of a consuming service's queue. Quorum queues replicate and count deliveries;
// a broker without them (before 3.8) gets a classic queue with the same routing.
AmqpArguments queueArguments(const AmqpSettings& settings, const std::string& queue, bool quorum) {
    AmqpArguments args;
    if (quorum) args.text("x-queue-type", "quorum").number("x-delivery-limit", settings.deliveryLimit);
    args.flag("x-single-active-consumer", true)
        .text("x-dead-letter-exchange", settings.deadExchange)
        .text("x-dead-letter-routing-key", queue);
    return args;
}

Status declareQueue(AmqpConnection& c, const AmqpSettings& settings, const std::string& queue, bool deadLetters) {
    AmqpArguments quorum =
        deadLetters ? AmqpArguments().text("x-queue-type", "quorum") : queueArguments(settings, queue, true);
    const Status declared = c.declareQueue(queue, quorum);
    if (declared.ok()) return {};
    spdlog::warn("amqp: {}; declaring {} as a classic queue", declared.error().message, queue);
    AmqpArguments classic = deadLetters ? AmqpArguments() : queueArguments(settings, queue, false);
    return c.declareQueue(queue, classic);
}

// Both exchanges: where events go, and where the ones no consumer could apply end up.
Status declareExchanges(AmqpConnection& c, const AmqpSettings& settings) {
    DEVCOLL_CHECK(c.declareExchange(settings.exchange, "topic"));
    return c.declareExchange(settings.deadExchange, "direct");
}

// A consuming service's queue, its dead-letter queue, and the bindings of its event types.
Status declareConsumerQueues(AmqpConnection& c, const AmqpSettings& settings, const std::string& consumer,
                             const std::set<int>& types) {
    const std::string queue = consumer + "_queue";
    DEVCOLL_CHECK(declareQueue(c, settings, queue + ".dead", true));
    DEVCOLL_CHECK(c.bind(queue + ".dead", settings.deadExchange, queue));
    DEVCOLL_CHECK(declareQueue(c, settings, queue, false));
    for (int type : types) {
        DEVCOLL_CHECK(c.bind(queue, settings.exchange, routingKeyOf(static_cast<EventType>(type))));
    }
    return {};
}

}  // namespace

std::string routingKeyOf(EventType type) {
    std::string name = devcoll::events::v1::EventType_Name(type);
    constexpr std::string_view kPrefix = "EVENT_TYPE_";
    if (name.starts_with(kPrefix)) name.erase(0, kPrefix.size());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (const auto underscore = name.find('_'); underscore != std::string::npos) name[underscore] = '.';
    return name;
}

// One message on its way to the broker.
struct AmqpTransport::Outgoing final {
    std::string exchange;
    std::string routingKey;
    std::string body;
    std::string messageId;
    std::string type;
    std::string error;  // for dead letters: why the consumer gave up
    std::uint64_t tag = 0;
    Confirmation confirmed;
};

// One consuming service: its own connection, thread and queue.
class AmqpTransport::Subscriber final {
public:
    Subscriber(const AmqpSettings& settings, std::string consumer, std::set<int> types, Handler handler)
        : m_settings(settings),
          m_consumer(std::move(consumer)),
          m_queue(m_consumer + "_queue"),
          m_types(std::move(types)),
          m_handler(std::move(handler)) {
        m_thread = std::thread([this] { run(); });
    }
    ~Subscriber() {
        requestStop();
        join();
    }

    // Asked of every subscriber before any is joined, so that they stop together.
    void requestStop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
    }

    void join() {
        if (m_thread.joinable()) m_thread.join();
    }

    bool busy() const { return m_busy; }

private:
    struct Delivery {
        std::uint64_t tag = 0;
        Envelope envelope;
    };

    bool stopping() {
        std::lock_guard lock(m_mutex);
        return m_stopping;
    }

    // Waits up to `d`; true when asked to stop meanwhile.
    bool sleepFor(std::chrono::milliseconds d) {
        std::unique_lock lock(m_mutex);
        return m_wake.wait_for(lock, d, [this] { return m_stopping; });
    }

    Result<std::unique_ptr<AmqpConnection>> connect() {
        DEVCOLL_TRY(auto c, AmqpConnection::open(m_settings.address, "devcoll " + m_consumer + " consumer"));
        DEVCOLL_CHECK(declareExchanges(*c, m_settings));
        DEVCOLL_CHECK(declareConsumerQueues(*c, m_settings, m_consumer, m_types));
        DEVCOLL_CHECK(c->startConsuming(m_queue, m_settings.prefetch));
        return c;
    }

    void run() {
        auto backoff = kFirstBackoff;
        while (!stopping()) {
            auto connection = connect();
            if (!connection.ok()) {
                spdlog::warn("amqp: {} cannot consume yet, retrying in {} ms: {}", m_queue, backoff.count(),
                             connection.error().message);
                if (sleepFor(backoff)) return;
                backoff = nextBackoff(backoff);
                continue;
            }
            spdlog::info("amqp: consuming {} from {}", m_queue, m_settings.address.display);
            backoff = kFirstBackoff;
            const Status ended = consume(**connection);
            if (!ended.ok() && !stopping())
                spdlog::warn("amqp: {} lost its connection: {}", m_queue, ended.error().message);
        }
    }

    // Receives and applies deliveries until the connection breaks or the transport stops.
    Status consume(AmqpConnection& c) {
        m_carried.clear();  // what the last connection delivered is redelivered on this one
        while (!stopping()) {
            std::vector<Delivery> batch;
            batch.swap(m_carried);
            if (batch.empty()) DEVCOLL_CHECK(receive(c, kDeliveryPoll, batch));
            while (!batch.empty() && batch.size() < static_cast<std::size_t>(m_settings.prefetch)) {
                const std::size_t before = batch.size();
                DEVCOLL_CHECK(receive(c, std::chrono::milliseconds(0), batch));
                if (batch.size() == before) break;
            }
            if (batch.empty()) continue;
            DEVCOLL_CHECK(apply(c, batch));
        }
        return {};
    }

    // Adds at most one delivery to `batch`; an unreadable message goes to the dead letters.
    Status receive(AmqpConnection& c, std::chrono::milliseconds wait, std::vector<Delivery>& batch) {
        amqp_maybe_release_buffers(c.state());
        amqp_envelope_t envelope{};
        timeval timeout = timevalOf(wait);
        const amqp_rpc_reply_t reply = amqp_consume_message(c.state(), &envelope, &timeout, 0);
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
            return {};
        }
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            return handleOtherFrame(c);
        }
        DEVCOLL_CHECK(c.check(reply, "receiving from " + m_queue));
        Delivery d;
        d.tag = envelope.delivery_tag;
        const bool readable =
            d.envelope.ParseFromArray(envelope.message.body.bytes, static_cast<int>(envelope.message.body.len));
        amqp_destroy_envelope(&envelope);
        if (!readable) {
            spdlog::error("amqp: {}: an unreadable message went to {}.dead", m_queue, m_queue);
            return AmqpConnection::checkCode(amqp_basic_reject(c.state(), AmqpConnection::kChannel, d.tag, 0),
                                             "rejecting an unreadable message");
        }
        batch.push_back(std::move(d));
        return {};
    }

    // A frame that is not a delivery: the broker closing the channel or cancelling the
    // consumer (its queue was deleted) ends this connection; anything else is ignored.
    Status handleOtherFrame(AmqpConnection& c) {
        amqp_frame_t frame{};
        DEVCOLL_CHECK(AmqpConnection::checkCode(amqp_simple_wait_frame(c.state(), &frame), "reading a frame"));
        if (frame.frame_type != AMQP_FRAME_METHOD) return {};
        switch (frame.payload.method.id) {
            case AMQP_CHANNEL_CLOSE_METHOD:
            case AMQP_CONNECTION_CLOSE_METHOD:
                return makeError(ErrorCode::Unavailable, "the broker closed " + m_queue + "'s channel");
            case AMQP_BASIC_CANCEL_METHOD:
                return makeError(ErrorCode::Unavailable, "the broker cancelled the consumer of " + m_queue);
            default:
                return {};
        }
    }

    // Applies a batch until it succeeds, holding its messages meanwhile so that nothing after
    // them overtakes them; acks it once applied.
    Status apply(AmqpConnection& c, const std::vector<Delivery>& batch) {
        std::vector<const Envelope*> envelopes;
        envelopes.reserve(batch.size());
        for (const Delivery& d : batch) envelopes.push_back(&d.envelope);
        m_busy = true;
        auto backoff = kFirstBackoff;
        for (;;) {
            const Status applied = m_handler(envelopes);
            if (applied.ok()) break;
            spdlog::warn("amqp: {}: {} events not applied yet, retrying in {} ms: {}", m_queue, batch.size(),
                         backoff.count(), applied.error().message);
            // Waiting on the connection rather than sleeping: rabbitmq-c sends its heartbeats
            // while it waits, so a long outage of the database does not cost the connection
            // (and the batch its place). Deliveries after the batch are kept for the next one.
            const auto until = std::chrono::steady_clock::now() + backoff;
            while (std::chrono::steady_clock::now() < until) {
                if (stopping()) {
                    // Stopping with the batch unacked: the broker gives it to the next consumer.
                    m_busy = false;
                    return makeError(ErrorCode::Aborted, "stopping");
                }
                const Status pumped = receive(c, kDeliveryPoll, m_carried);
                if (!pumped.ok()) {
                    m_busy = false;
                    return pumped;
                }
            }
            backoff = nextBackoff(backoff);
        }
        const Status acked = AmqpConnection::checkCode(
            amqp_basic_ack(c.state(), AmqpConnection::kChannel, batch.back().tag, 1), "acknowledging events");
        m_busy = false;
        return acked;
    }

    const AmqpSettings& m_settings;
    const std::string m_consumer;
    const std::string m_queue;
    const std::set<int> m_types;
    const Handler m_handler;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<bool> m_busy{false};
    std::vector<Delivery> m_carried;  // received while a batch was being retried
    std::thread m_thread;
};

AmqpTransport::AmqpTransport(AmqpSettings settings) : m_settings(std::move(settings)) {
    m_publisher = std::thread([this] { runPublisher(); });
}

AmqpTransport::~AmqpTransport() { stop(); }

void AmqpTransport::publish(const Envelope& envelope, Confirmation confirmed) {
    Outgoing out;
    out.exchange = m_settings.exchange;
    out.routingKey = routingKeyOf(envelope.type());
    out.messageId = envelope.event_id();
    out.type = out.routingKey;
    out.confirmed = std::move(confirmed);
    if (!envelope.SerializeToString(&out.body)) {
        spdlog::error("amqp: event {} cannot be serialised", envelope.event_id());
        if (out.confirmed) out.confirmed(false);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        // While the broker is away nothing is queued here: the outbox holds the events, in order.
        if (!m_stopping && m_publisherConnected) {
            m_queue.push_back(std::move(out));
            out.confirmed = nullptr;
        }
    }
    if (out.confirmed) {
        out.confirmed(false);
        return;
    }
    m_wake.notify_one();
}

void AmqpTransport::deadLettered(const std::string& consumer, const Envelope& envelope, const std::string& error) {
    Outgoing out;
    out.exchange = m_settings.deadExchange;
    out.routingKey = consumer + "_queue";
    out.messageId = envelope.event_id();
    out.type = routingKeyOf(envelope.type());
    out.error = error;
    (void)envelope.SerializeToString(&out.body);
    const std::string id = envelope.event_id();
    out.confirmed = [id, consumer](bool accepted) {
        // The consumer's dead-letter table has it either way; this copy is for broker tools.
        if (!accepted) spdlog::warn("amqp: dead letter {} of {} not stored in the broker", id, consumer);
    };
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return;
        m_queue.push_back(std::move(out));
    }
    m_wake.notify_one();
}

void AmqpTransport::subscribe(const std::string& consumer, std::set<int> types, Handler handler) {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return;
    m_subscribers.push_back(std::make_unique<Subscriber>(m_settings, consumer, std::move(types), std::move(handler)));
}

bool AmqpTransport::idle() const {
    std::lock_guard lock(m_mutex);
    if (!m_queue.empty() || m_unconfirmedCount > 0) return false;
    return std::none_of(m_subscribers.begin(), m_subscribers.end(), [](const auto& s) { return s->busy(); });
}

void AmqpTransport::stop() {
    std::vector<std::unique_ptr<Subscriber>> subscribers;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        subscribers.swap(m_subscribers);
    }
    m_wake.notify_all();
    for (auto& s : subscribers) s->requestStop();
    for (auto& s : subscribers) s->join();
    if (m_publisher.joinable()) m_publisher.join();
}

Result<std::unique_ptr<AmqpConnection>> AmqpTransport::connectPublisher() {
    DEVCOLL_TRY(auto c, AmqpConnection::open(m_settings.address, "devcoll publisher"));
    DEVCOLL_CHECK(declareExchanges(*c, m_settings));
    for (const auto& [consumer, types] : m_settings.topology) {
        DEVCOLL_CHECK(declareConsumerQueues(*c, m_settings, consumer, types));
    }
    DEVCOLL_CHECK(c->selectConfirms());
    return c;
}

void AmqpTransport::runPublisher() {
    auto backoff = kFirstBackoff;
    bool warned = false;
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
        }
        auto connection = connectPublisher();
        if (!connection.ok()) {
            if (!warned) spdlog::warn("amqp: cannot publish yet (retrying): {}", connection.error().message);
            warned = true;
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_for(lock, backoff, [this] { return m_stopping; })) break;
            backoff = nextBackoff(backoff);
            continue;
        }
        spdlog::info("amqp: publishing to {}", m_settings.address.display);
        backoff = kFirstBackoff;
        warned = false;
        m_nextTag = 0;
        m_blocked = false;
        m_publisherConnected = true;
        AmqpConnection& c = **connection;
        for (;;) {
            bool more = false;
            {
                std::unique_lock lock(m_mutex);
                // Nothing to confirm: sleep until there is something to send, waking every
                // second to keep the connection's heartbeats going.
                if (m_unconfirmed.empty()) {
                    m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping || !m_queue.empty(); });
                }
                if (m_stopping && m_unconfirmed.empty() && m_queue.empty()) break;
                more = !m_queue.empty();
            }
            // While the broker is blocked nothing is written: the socket would fill and block.
            if (more && !m_blocked && !publishQueued(c)) break;
            const bool waiting = !m_unconfirmed.empty() || (m_blocked && more);
            const auto poll = m_blocked ? kBlockedPoll : kConfirmPoll;
            if (!readConfirms(c, waiting ? poll : std::chrono::milliseconds(0))) break;
            std::lock_guard lock(m_mutex);
            // Stopping: what the broker has not confirmed yet is refused below, and sent again
            // from the outbox at the next start.
            if (m_stopping && (m_queue.empty() || m_blocked)) break;
        }
        m_publisherConnected = false;
        refuseAll();
        std::lock_guard lock(m_mutex);
        if (m_stopping) break;
    }
    m_publisherConnected = false;
    refuseAll();
}

bool AmqpTransport::publishQueued(AmqpConnection& c) {
    std::deque<Outgoing> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_queue);
    }
    while (!batch.empty()) {
        Outgoing& out = batch.front();
        amqp_basic_properties_t props{};
        props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
                       AMQP_BASIC_TYPE_FLAG | AMQP_BASIC_TIMESTAMP_FLAG;
        props.content_type = amqp_cstring_bytes("application/x-protobuf");
        props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
        props.message_id = amqpBytes(out.messageId);
        props.type = amqpBytes(out.type);
        props.timestamp = static_cast<std::uint64_t>(std::time(nullptr));
        AmqpArguments headers;
        if (!out.error.empty()) {
            headers.text("x-devcoll-error", out.error.substr(0, 1000));
            props._flags |= AMQP_BASIC_HEADERS_FLAG;
            props.headers = headers.table();
        }
        const int sent = amqp_basic_publish(c.state(), AmqpConnection::kChannel, amqpBytes(out.exchange),
                                            amqpBytes(out.routingKey), 0, 0, &props, amqpBytes(out.body));
        if (sent != AMQP_STATUS_OK) {
            spdlog::warn("amqp: publishing failed: {}", amqp_error_string2(sent));
            // Back to the front of the queue, to be refused with the rest.
            std::lock_guard lock(m_mutex);
            for (auto it = batch.rbegin(); it != batch.rend(); ++it) m_queue.push_front(std::move(*it));
            return false;
        }
        out.tag = ++m_nextTag;
        m_unconfirmed.push_back(std::move(out));
        ++m_unconfirmedCount;
        batch.pop_front();
    }
    return true;
}

bool AmqpTransport::readConfirms(AmqpConnection& c, std::chrono::milliseconds wait) {
    for (;;) {
        // Decoded frames live in the connection's pools until released.
        amqp_maybe_release_buffers(c.state());
        amqp_frame_t frame{};
        timeval timeout = timevalOf(wait);
        const int status = amqp_simple_wait_frame_noblock(c.state(), &frame, &timeout);
        if (status == AMQP_STATUS_TIMEOUT) return true;
        if (status != AMQP_STATUS_OK) {
            spdlog::warn("amqp: the publisher lost its connection: {}", amqp_error_string2(status));
            return false;
        }
        wait = std::chrono::milliseconds(0);  // drain what else has arrived, then go on
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        switch (frame.payload.method.id) {
            case AMQP_BASIC_ACK_METHOD: {
                const auto* ack = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
                confirm(ack->delivery_tag, ack->multiple != 0, true);
                break;
            }
            case AMQP_BASIC_NACK_METHOD: {
                const auto* nack = static_cast<const amqp_basic_nack_t*>(frame.payload.method.decoded);
                confirm(nack->delivery_tag, nack->multiple != 0, false);
                break;
            }
            case AMQP_CONNECTION_BLOCKED_METHOD:
                spdlog::warn(
                    "amqp: the broker stopped taking messages (a resource alarm); events wait in the outboxes");
                m_blocked = true;
                break;
            case AMQP_CONNECTION_UNBLOCKED_METHOD:
                spdlog::info("amqp: the broker takes messages again");
                m_blocked = false;
                break;
            case AMQP_CHANNEL_CLOSE_METHOD:
            case AMQP_CONNECTION_CLOSE_METHOD:
                spdlog::warn("amqp: the broker closed the publisher's connection");
                return false;
            default:
                break;
        }
    }
}

void AmqpTransport::confirm(std::uint64_t tag, bool multiple, bool accepted) {
    while (!m_unconfirmed.empty()) {
        Outgoing& front = m_unconfirmed.front();
        if (front.tag > tag) break;
        if (!multiple && front.tag != tag) {
            // A single confirm for a later tag; earlier ones are still awaited.
            auto it = std::find_if(m_unconfirmed.begin(), m_unconfirmed.end(),
                                   [tag](const Outgoing& o) { return o.tag == tag; });
            if (it == m_unconfirmed.end()) return;
            Confirmation confirmed = std::move(it->confirmed);
            m_unconfirmed.erase(it);
            --m_unconfirmedCount;
            if (confirmed) confirmed(accepted);
            return;
        }
        Confirmation confirmed = std::move(front.confirmed);
        m_unconfirmed.pop_front();
        --m_unconfirmedCount;
        if (confirmed) confirmed(accepted);
    }
}

void AmqpTransport::refuseAll() {
    std::deque<Outgoing> queued;
    {
        std::lock_guard lock(m_mutex);
        queued.swap(m_queue);
    }
    for (Outgoing& out : m_unconfirmed) {
        if (out.confirmed) out.confirmed(false);
    }
    m_unconfirmed.clear();
    m_unconfirmedCount = 0;
    for (Outgoing& out : queued) {
        if (out.confirmed) out.confirmed(false);
    }
}

}  // namespace devcoll::events
