#pragma once
// AmqpConnection: one connection to a RabbitMQ broker with one channel, used by one thread
// only (rabbitmq-c is not thread-safe). Every call returns an error instead of throwing; after
// an error the connection is done for, and its owner opens a new one.
#include <amqp.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::events {

// Where the broker is, from an `amqp://user:password@host:port/vhost` URL.
struct AmqpAddress final {
    std::string host;
    int port = 5672;
    std::string user;
    std::string password;
    std::string vhost;
    std::string display;  // the URL without its password, for logs
};

Result<AmqpAddress> parseAmqpUrl(const std::string& url);

// A view of `s` as rabbitmq-c bytes, valid while `s` lives unchanged.
inline amqp_bytes_t amqpBytes(const std::string& s) { return amqp_bytes_t{s.size(), const_cast<char*>(s.data())}; }

// The arguments of a queue declaration (x-queue-type, x-dead-letter-exchange, ...).
class AmqpArguments final {
public:
    AmqpArguments& text(std::string key, std::string value);
    AmqpArguments& flag(std::string key, bool value);
    AmqpArguments& number(std::string key, std::int32_t value);
    // A view for rabbitmq-c, valid while this object lives and is not changed.
    amqp_table_t table();

private:
    struct Entry {
        std::string key;
        std::string text;
        amqp_field_value_t value{};
    };
    std::vector<Entry> m_entries;
    std::vector<amqp_table_entry_t> m_view;
};

class AmqpConnection final {
public:
    static constexpr amqp_channel_t kChannel = 1;

    // Connects, logs in and opens the channel; `name` shows in the broker's connection list.
    static Result<std::unique_ptr<AmqpConnection>> open(const AmqpAddress& address, const std::string& name);
    ~AmqpConnection();
    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    amqp_connection_state_t state() { return m_state; }

    Status declareExchange(const std::string& name, const char* type);
    // Declares a durable queue; on refusal (a broker without the queue type, or the queue
    // exists with other arguments) the channel is opened again and the error returned.
    Status declareQueue(const std::string& name, AmqpArguments& arguments);
    Status bind(const std::string& queue, const std::string& exchange, const std::string& routingKey);
    // Publisher confirms on the channel: each publish then gets a basic.ack or basic.nack.
    Status selectConfirms();
    Status startConsuming(const std::string& queue, int prefetch);
    // How many messages wait in an existing queue, and how many consumers it has.
    struct QueueState {
        std::uint32_t messages = 0;
        std::uint32_t consumers = 0;
    };
    Result<QueueState> queueState(const std::string& queue);

    // The outcome of an rpc-style call or a library status code, as an Error.
    Status check(amqp_rpc_reply_t reply, std::string_view what);
    static Status checkCode(int status, std::string_view what);

private:
    AmqpConnection() = default;
    Status reopenChannel();

    amqp_connection_state_t m_state = nullptr;
    bool m_loggedIn = false;
};

}  // namespace devcoll::events
