#include "platform/events/amqp_connection.h"

#include <amqp_tcp_socket.h>

#include <cstring>

namespace devcoll::events {
namespace {

constexpr int kFrameMax = 128 * 1024;
// Heartbeats let both sides notice a dead peer (a broker gone without closing the socket).
constexpr int kHeartbeatSeconds = 20;
constexpr auto kConnectTimeout = std::chrono::seconds(5);

std::string text(amqp_bytes_t bytes) { return std::string(static_cast<const char*>(bytes.bytes), bytes.len); }

}  // namespace

Result<AmqpAddress> parseAmqpUrl(const std::string& url) {
    std::vector<char> buffer(url.begin(), url.end());
    buffer.push_back('\0');
    amqp_connection_info info{};
    amqp_default_connection_info(&info);
    if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) {
        return makeError(ErrorCode::InvalidArgument,
                         "--amqp-url: '" + url + "' is not an AMQP URL (amqp://user:password@host:port/vhost)");
    }
    if (info.ssl) {
        return makeError(ErrorCode::InvalidArgument,
                         "--amqp-url: amqps:// is not supported; use amqp:// on a private network");
    }
    AmqpAddress address;
    address.host = info.host;
    address.port = info.port;
    address.user = info.user;
    address.password = info.password;
    // "amqp://host" and "amqp://host/" both mean the default virtual host.
    address.vhost = info.vhost != nullptr && std::strlen(info.vhost) > 0 ? info.vhost : "/";
    address.display = "amqp://" + address.user + "@" + address.host + ":" + std::to_string(address.port) +
                      (address.vhost == "/" ? "/" : "/" + address.vhost);
    return address;
}

AmqpArguments& AmqpArguments::text(std::string key, std::string value) {
    Entry e;
    e.key = std::move(key);
    e.text = std::move(value);
    e.value.kind = AMQP_FIELD_KIND_UTF8;
    m_entries.push_back(std::move(e));
    return *this;
}

AmqpArguments& AmqpArguments::flag(std::string key, bool value) {
    Entry e;
    e.key = std::move(key);
    e.value.kind = AMQP_FIELD_KIND_BOOLEAN;
    e.value.value.boolean = value ? 1 : 0;
    m_entries.push_back(std::move(e));
    return *this;
}

AmqpArguments& AmqpArguments::number(std::string key, std::int32_t value) {
    Entry e;
    e.key = std::move(key);
    e.value.kind = AMQP_FIELD_KIND_I32;
    e.value.value.i32 = value;
    m_entries.push_back(std::move(e));
    return *this;
}

amqp_table_t AmqpArguments::table() {
    m_view.clear();
    for (Entry& e : m_entries) {
        amqp_table_entry_t entry{};
        entry.key = amqpBytes(e.key);
        entry.value = e.value;
        if (e.value.kind == AMQP_FIELD_KIND_UTF8) entry.value.value.bytes = amqpBytes(e.text);
        m_view.push_back(entry);
    }
    return amqp_table_t{static_cast<int>(m_view.size()), m_view.data()};
}

Result<std::unique_ptr<AmqpConnection>> AmqpConnection::open(const AmqpAddress& address, const std::string& name) {
    std::unique_ptr<AmqpConnection> c(new AmqpConnection());
    c->m_state = amqp_new_connection();
    if (c->m_state == nullptr) return makeError(ErrorCode::Internal, "out of memory for an AMQP connection");
    amqp_socket_t* socket = amqp_tcp_socket_new(c->m_state);
    if (socket == nullptr) return makeError(ErrorCode::Internal, "cannot create an AMQP socket");
    timeval timeout{static_cast<time_t>(kConnectTimeout.count()), 0};
    DEVCOLL_CHECK(checkCode(amqp_socket_open_noblock(socket, address.host.c_str(), address.port, &timeout),
                            "connecting to " + address.display));
    // The connection's name, shown by `rabbitmqctl list_connections client_properties`, and
    // the capability to be told when the broker stops taking messages (a memory or disk
    // alarm), so that the publisher stops writing into a socket nobody reads.
    amqp_table_entry_t capability{};
    capability.key = amqp_cstring_bytes("connection.blocked");
    capability.value.kind = AMQP_FIELD_KIND_BOOLEAN;
    capability.value.value.boolean = 1;
    amqp_table_entry_t property[2]{};
    property[0].key = amqp_cstring_bytes("connection_name");
    property[0].value.kind = AMQP_FIELD_KIND_UTF8;
    property[0].value.value.bytes = amqpBytes(name);
    property[1].key = amqp_cstring_bytes("capabilities");
    property[1].value.kind = AMQP_FIELD_KIND_TABLE;
    property[1].value.value.table = amqp_table_t{1, &capability};
    amqp_table_t properties{2, property};
    DEVCOLL_CHECK(c->check(
        amqp_login_with_properties(c->m_state, address.vhost.c_str(), 0, kFrameMax, kHeartbeatSeconds, &properties,
                                   AMQP_SASL_METHOD_PLAIN, address.user.c_str(), address.password.c_str()),
        "logging in to " + address.display));
    c->m_loggedIn = true;
    amqp_channel_open(c->m_state, kChannel);
    DEVCOLL_CHECK(c->check(amqp_get_rpc_reply(c->m_state), "opening a channel"));
    return c;
}

AmqpConnection::~AmqpConnection() {
    if (m_state == nullptr) return;
    if (m_loggedIn) {
        // Best effort: a broker that is gone does not answer, and the socket closes anyway.
        amqp_channel_close(m_state, kChannel, AMQP_REPLY_SUCCESS);
        amqp_connection_close(m_state, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(m_state);
}

Status AmqpConnection::declareExchange(const std::string& name, const char* type) {
    amqp_exchange_declare(m_state, kChannel, amqpBytes(name), amqp_cstring_bytes(type), 0, 1, 0, 0, amqp_empty_table);
    return check(amqp_get_rpc_reply(m_state), "declaring exchange " + name);
}

Status AmqpConnection::declareQueue(const std::string& name, AmqpArguments& arguments) {
    amqp_queue_declare(m_state, kChannel, amqpBytes(name), 0, 1, 0, 0, arguments.table());
    const Status declared = check(amqp_get_rpc_reply(m_state), "declaring queue " + name);
    if (!declared.ok()) DEVCOLL_CHECK(reopenChannel());
    return declared;
}

Status AmqpConnection::bind(const std::string& queue, const std::string& exchange, const std::string& routingKey) {
    amqp_queue_bind(m_state, kChannel, amqpBytes(queue), amqpBytes(exchange), amqpBytes(routingKey), amqp_empty_table);
    return check(amqp_get_rpc_reply(m_state), "binding " + queue + " to " + routingKey);
}

Status AmqpConnection::selectConfirms() {
    amqp_confirm_select(m_state, kChannel);
    return check(amqp_get_rpc_reply(m_state), "turning on publisher confirms");
}

Status AmqpConnection::startConsuming(const std::string& queue, int prefetch) {
    amqp_basic_qos(m_state, kChannel, 0, static_cast<std::uint16_t>(prefetch), 0);
    DEVCOLL_CHECK(check(amqp_get_rpc_reply(m_state), "setting the prefetch of " + queue));
    amqp_basic_consume(m_state, kChannel, amqpBytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    return check(amqp_get_rpc_reply(m_state), "consuming " + queue);
}

Result<AmqpConnection::QueueState> AmqpConnection::queueState(const std::string& queue) {
    const amqp_queue_declare_ok_t* ok =
        amqp_queue_declare(m_state, kChannel, amqpBytes(queue), 1, 0, 0, 0, amqp_empty_table);
    DEVCOLL_CHECK(check(amqp_get_rpc_reply(m_state), "looking at queue " + queue));
    return QueueState{ok->message_count, ok->consumer_count};
}

Status AmqpConnection::reopenChannel() {
    // A refused declaration closes the channel (a channel exception): open it again.
    amqp_channel_open(m_state, kChannel);
    return check(amqp_get_rpc_reply(m_state), "opening the channel again");
}

Status AmqpConnection::check(amqp_rpc_reply_t reply, std::string_view what) {
    switch (reply.reply_type) {
        case AMQP_RESPONSE_NORMAL:
            return {};
        case AMQP_RESPONSE_NONE:
            return makeError(ErrorCode::Unavailable, std::string(what) + ": no reply from the broker");
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return checkCode(reply.library_error, what);
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            break;
    }
    if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto* close = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
        // The broker closed the channel: acknowledge that, so the connection stays usable.
        amqp_channel_close_ok_t ok{};
        amqp_send_method(m_state, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        return makeError(ErrorCode::FailedPrecondition, std::string(what) + ": the broker refused (" +
                                                            std::to_string(close->reply_code) + " " +
                                                            text(close->reply_text) + ")");
    }
    if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
        m_loggedIn = false;
        return makeError(ErrorCode::Unavailable, std::string(what) + ": the broker closed the connection (" +
                                                     std::to_string(close->reply_code) + " " + text(close->reply_text) +
                                                     ")");
    }
    return makeError(ErrorCode::Unavailable, std::string(what) + ": unexpected broker reply");
}

Status AmqpConnection::checkCode(int status, std::string_view what) {
    if (status >= 0) return {};
    return makeError(ErrorCode::Unavailable, std::string(what) + ": " + amqp_error_string2(status));
}

}  // namespace devcoll::events
