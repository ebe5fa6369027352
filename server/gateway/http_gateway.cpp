#include "gateway/http_gateway.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "devcoll/ids.h"
#include "gateway/docs_site.h"
#include "gateway/http_errors.h"
#include "gateway/http_routes.h"
#include "gateway/json_transcoding.h"
#include "gateway/media_transfer.h"
#include "platform/rpc/call_context.h"
#include "platform/worker_pool.h"

namespace devcoll::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kFormOverhead = 64 * 1024;  // multipart headers and boundaries around a file
// How long a connection whose request body was refused reads and drops the rest of it.
constexpr std::chrono::seconds kLingerTime{2};

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

Result<tcp::endpoint> endpointOf(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return makeError(ErrorCode::InvalidArgument, "--http-listen: expected HOST:PORT, got '" + listen + "'");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = listen.substr(colon + 1);
    net::io_context resolving;
    tcp::resolver resolver(resolving);
    beast::error_code ec;
    const auto results = resolver.resolve(host, port, tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
        return makeError(ErrorCode::InvalidArgument, "--http-listen: cannot resolve '" + listen + "': " + ec.message());
    }
    return results.begin()->endpoint();
}

}  // namespace

class Session;

// Declaration order matters: the io_context destroys the handlers still queued, and with them
// their sessions, which check out under `mutex`; so the counters go first and the threads,
// which run the io_context, and the transfer pool, which posts to it, last.
struct HttpGateway::State {
    GatewaySettings settings;
    RouteTable routes;
    ServiceChannels channels;
    std::set<std::string, std::less<>> origins;
    bool anyOrigin = false;
    DocsSite docs;
    int port = 0;

    std::mutex mutex;
    std::condition_variable allClosed;
    std::vector<std::weak_ptr<Session>> sessions;
    std::size_t openSessions = 0;
    std::size_t callsInFlight = 0;  // gRPC calls whose completion has yet to run
    bool stopping = false;
    std::once_flag shutdownOnce;

    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::vector<std::thread> threads;
    WorkerPool transfers{4};  // blocking media calls, off the I/O threads

    State(GatewaySettings s, RouteTable r, ServiceChannels c)
        : settings(std::move(s)), routes(std::move(r)), channels(std::move(c)), docs(settings.docsDir) {
        for (const std::string& origin : settings.corsOrigins) {
            if (origin == "*") anyOrigin = true;
            origins.insert(origin);
        }
    }

    bool originAllowed(std::string_view origin) const {
        return !origin.empty() && (anyOrigin || origins.find(origin) != origins.end());
    }
    void accept();
};

// One client connection: reads requests one after another (keep-alive), answers each, and
// closes on error, timeout, "Connection: close" or shutdown.
class Session final : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HttpGateway::State* state) : m_stream(std::move(socket)), m_state(state) {
        beast::error_code ec;
        const auto remote = m_stream.socket().remote_endpoint(ec);
        m_clientAddress = ec ? "unknown" : remote.address().to_string();
        std::lock_guard lock(m_state->mutex);
        ++m_state->openSessions;
    }

    ~Session() {
        std::lock_guard lock(m_state->mutex);
        --m_state->openSessions;
        m_state->allClosed.notify_all();
    }

    void start() {
        net::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->readHeader(); });
    }

    // Shutdown: an idle connection is closed now, a busy one after its answer.
    void stopWhenIdle() {
        net::post(m_stream.get_executor(), [self = shared_from_this()] {
            self->m_closing = true;
            if (!self->m_busy) self->close();
        });
    }

private:
    void readHeader() {
        if (m_closing) return close();
        m_parser.emplace();
        m_parser->header_limit(kHeaderLimit);
        // Until the route is known, the largest any route takes (an upload); onHeader narrows it.
        m_bodyLimit = std::max(m_state->settings.maxBodyBytes, m_state->settings.maxUploadBytes + kFormOverhead);
        m_parser->body_limit(m_bodyLimit);
        m_stream.expires_after(m_state->settings.readTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec) {
        if (ec) return onReadError(ec);
        m_busy = true;
        m_requestId = std::string(view(m_parser->get()["X-Request-Id"]));
        if (!rpc::isSafeRequestId(m_requestId)) m_requestId = newUuidV7();
        const auto& request = m_parser->get();
        const std::string_view target(request.target().data(), request.target().size());
        m_path = std::string(target.substr(0, target.find('?')));
        m_query = target.find('?') == std::string_view::npos ? std::string()
                                                             : std::string(target.substr(target.find('?') + 1));
        // An upload may be as large as the media service takes; every other body is small JSON.
        m_match = m_state->routes.find(view(request.method_string()), m_path);
        m_bodyLimit = m_match && m_match->route->method->client_streaming()
                          ? m_state->settings.maxUploadBytes + kFormOverhead
                          : m_state->settings.maxBodyBytes;
        m_parser->body_limit(m_bodyLimit);  // for a body without Content-Length (chunked)
        const auto length = m_parser->content_length();
        if (length && *length > m_bodyLimit) {
            m_keepAlive = false;
            return sendError(413, grpc::StatusCode::INVALID_ARGUMENT, bodyTooLarge());
        }
        if (beast::iequals(request[http::field::expect], "100-continue")) {
            auto proceed = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
            http::async_write(m_stream, *proceed,
                              [self = shared_from_this(), proceed](beast::error_code ec, std::size_t) {
                                  if (ec) return self->close();
                                  self->readBody();
                              });
            return;
        }
        readBody();
    }

    void readBody() {
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->onReadError(ec);
            self->handle();
        });
    }

    void onReadError(beast::error_code ec) {
        m_keepAlive = false;
        if (ec == http::error::body_limit) {
            return sendError(413, grpc::StatusCode::INVALID_ARGUMENT, bodyTooLarge());
        }
        if (ec == http::error::header_limit) {
            return sendError(431, grpc::StatusCode::INVALID_ARGUMENT, "the request headers are too large");
        }
        if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset || ec == net::error::eof) {
            return close();  // the client left, went quiet, or we are shutting down
        }
        sendError(400, grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request: " + ec.message());
    }

    void handle() {
        const auto& request = m_parser->get();
        m_keepAlive = request.keep_alive();
        m_origin = std::string(view(request[http::field::origin]));
        // A page this server serves (Swagger UI at /docs) calls it from its own origin, and
        // browsers name that origin on POSTs too: same-origin calls are no CORS matter.
        if (m_origin == "http://" + std::string(view(request[http::field::host]))) m_origin.clear();
        const std::string verb(view(request.method_string()));
        if (!m_origin.empty() && !m_state->originAllowed(m_origin)) {
            return sendError(403, grpc::StatusCode::PERMISSION_DENIED,
                             "origin " + m_origin + " may not call this server (see --http-cors-origin)");
        }
        if (verb == "OPTIONS") return preflight();
        if (m_path == "/openapi.json" && verb == "GET") {
            return sendBody(200, "application/json", m_state->settings.openApiDocument);
        }
        if ((m_path == "/" || m_path == "/docs") && verb == "GET") return redirect("/docs/");
        if (m_path.rfind("/docs/", 0) == 0 && verb == "GET") return serveDocs(m_path.substr(6));

        const auto& match = m_match;  // found in onHeader
        if (!match) {
            const auto verbs = m_state->routes.verbsFor(m_path);
            if (verbs.empty()) return sendError(404, grpc::StatusCode::NOT_FOUND, "no route " + verb + " " + m_path);
            m_allow = joined(verbs, ", ") + ", OPTIONS";
            return sendError(405, grpc::StatusCode::UNIMPLEMENTED,
                             m_path + " takes " + joined(verbs, ", ") + ", not " + verb);
        }
        const HttpRoute& route = *match->route;
        const std::string service = route.method->service()->full_name();
        m_channel = m_state->channels(service);
        if (!m_channel) {
            return sendError(503, grpc::StatusCode::UNAVAILABLE, service + " is not reachable from this gateway");
        }
        if (route.method->client_streaming()) return upload();
        if (route.method->server_streaming()) return download(*match);
        // The body is read as JSON whatever its declared type (curl -d says form-urlencoded); what
        // is not JSON is refused as malformed.
        auto message = requestMessage(route, match->bindings, m_query, request.body());
        if (!message.ok()) return sendError(400, grpc::StatusCode::INVALID_ARGUMENT, message.error().message);
        forwardUnary(route, **message);
    }

    std::unique_ptr<grpc::ClientContext> callContext() const {
        auto context = std::make_unique<grpc::ClientContext>();
        context->set_deadline(std::chrono::system_clock::now() + m_state->settings.callDeadline);
        const std::string_view authorization = view(m_parser->get()[http::field::authorization]);
        if (!authorization.empty()) context->AddMetadata("authorization", std::string(authorization));
        context->AddMetadata("x-request-id", m_requestId);
        context->AddMetadata(rpc::kClientAddressKey, m_clientAddress);
        return context;
    }

    struct UnaryCall final {
        std::shared_ptr<grpc::ChannelInterface> channel;
        std::unique_ptr<grpc::GenericStub> stub;
        std::unique_ptr<grpc::ClientContext> context;
        grpc::ByteBuffer request;
        grpc::ByteBuffer response;
    };

    void forwardUnary(const HttpRoute& route, const google::protobuf::Message& message) {
        auto call = std::make_shared<UnaryCall>();
        call->channel = m_channel;
        call->stub = std::make_unique<grpc::GenericStub>(m_channel);
        call->context = callContext();
        bool ownBuffer = false;
        if (!grpc::SerializationTraits<google::protobuf::Message>::Serialize(message, &call->request, &ownBuffer)
                 .ok()) {
            return sendError(500, grpc::StatusCode::INTERNAL, "the request could not be encoded");
        }
        const HttpRoute* routePtr = &route;
        {
            std::lock_guard lock(m_state->mutex);
            ++m_state->callsInFlight;
        }
        call->stub->UnaryCall(call->context.get(), route.grpcMethodName(), grpc::StubOptions(), &call->request,
                              &call->response,
                              [self = shared_from_this(), call, routePtr](grpc::Status status) mutable {
                                  // The session moves into the io_context's queue, so nothing here
                                  // touches the gateway once the count below lets it go.
                                  HttpGateway::State* state = self->m_state;
                                  auto executor = self->m_stream.get_executor();
                                  net::post(executor, [self = std::move(self), call = std::move(call), routePtr,
                                                       status] { self->finishUnary(*routePtr, *call, status); });
                                  std::lock_guard lock(state->mutex);
                                  --state->callsInFlight;
                                  state->allClosed.notify_all();
                              });
    }

    void finishUnary(const HttpRoute& route, UnaryCall& call, const grpc::Status& status) {
        if (!status.ok()) return sendStatus(status, *call.context);
        std::unique_ptr<google::protobuf::Message> answer(
            google::protobuf::MessageFactory::generated_factory()->GetPrototype(route.method->output_type())->New());
        if (!grpc::SerializationTraits<google::protobuf::Message>::Deserialize(&call.response, answer.get()).ok()) {
            return sendError(502, grpc::StatusCode::INTERNAL, "the service's answer could not be read");
        }
        sendBody(200, "application/json", messageJson(*answer));
    }

    // POST /api/v1/media: the multipart form streamed to UploadMedia on a transfer thread.
    void upload() {
        auto form = uploadFormOf(view(m_parser->get()[http::field::content_type]), m_parser->get().body());
        if (!form.ok()) return sendError(400, grpc::StatusCode::INVALID_ARGUMENT, form.error().message);
        auto context = std::shared_ptr<grpc::ClientContext>(callContext());
        auto self = shared_from_this();
        const bool queued = m_state->transfers.post([self, context, form = std::move(form).value()] {
            auto response = std::make_shared<media::v1::UploadMediaResponse>();
            const grpc::Status status = uploadMedia(*self->m_channel, *context, form, response.get());
            net::post(self->m_stream.get_executor(), [self, context, response, status] {
                if (!status.ok()) return self->sendStatus(status, *context);
                self->sendBody(200, "application/json", messageJson(*response));
            });
        });
        if (!queued) sendError(503, grpc::StatusCode::UNAVAILABLE, "too many transfers at once; try again");
    }

    // GET /api/v1/media/{media_id}/content: the variant's bytes, whole or the Range asked for.
    void download(const RouteTable::Match& match) {
        auto message = requestMessage(*match.route, match.bindings, m_query, m_parser->get().body());
        if (!message.ok()) return sendError(400, grpc::StatusCode::INVALID_ARGUMENT, message.error().message);
        auto range = parseRange(view(m_parser->get()[http::field::range]));
        if (!range.ok()) return sendError(400, grpc::StatusCode::INVALID_ARGUMENT, range.error().message);
        media::v1::DownloadMediaRequest request;
        request.CopyFrom(**message);
        auto context = std::shared_ptr<grpc::ClientContext>(callContext());
        auto self = shared_from_this();
        const bool queued = m_state->transfers.post([self, context, request, range = *range] {
            auto download = std::make_shared<Download>();
            const grpc::Status status = downloadMedia(*self->m_channel, *context, request, range, download.get());
            net::post(self->m_stream.get_executor(), [self, context, download, status, ranged = range.has_value()] {
                if (status.error_code() == grpc::StatusCode::OUT_OF_RANGE && ranged) {
                    return self->sendError(416, grpc::StatusCode::OUT_OF_RANGE, status.error_message());
                }
                if (!status.ok()) return self->sendStatus(status, *context);
                self->sendMedia(*download);
            });
        });
        if (!queued) sendError(503, grpc::StatusCode::UNAVAILABLE, "too many transfers at once; try again");
    }

    void preflight() {
        const auto verbs = m_state->routes.verbsFor(m_path);
        if (verbs.empty()) return sendError(404, grpc::StatusCode::NOT_FOUND, "no route " + m_path);
        Response response{http::status::no_content, 11};
        response.set(http::field::allow, joined(verbs, ", ") + ", OPTIONS");
        if (!m_origin.empty()) {
            response.set(http::field::access_control_allow_methods, joined(verbs, ", "));
            response.set(http::field::access_control_allow_headers, "Authorization, Content-Type, X-Request-Id");
            response.set(http::field::access_control_max_age, "600");
        }
        send(std::move(response));
    }

    void serveDocs(std::string_view name) {
        if (!m_state->docs.missing().empty()) {
            return sendError(404, grpc::StatusCode::NOT_FOUND, m_state->docs.missing());
        }
        const StaticFile* file = m_state->docs.file(name);
        if (!file) return sendError(404, grpc::StatusCode::NOT_FOUND, "no file /docs/" + std::string(name));
        Response response{http::status::ok, 11};
        response.set(http::field::content_type, file->contentType);
        response.set(http::field::cache_control, "public, max-age=3600");
        response.body() = file->body;
        send(std::move(response));
    }

    void redirect(const std::string& location) {
        Response response{http::status::found, 11};
        response.set(http::field::location, location);
        send(std::move(response));
    }

    void sendMedia(const Download& download) {
        Response response{download.partial ? http::status::partial_content : http::status::ok, 11};
        response.set(http::field::content_type, download.contentType);
        response.set(http::field::accept_ranges, "bytes");
        response.set(http::field::cache_control, "private, max-age=86400");
        if (download.partial) {
            const auto last = download.first + static_cast<std::int64_t>(download.bytes.size()) - 1;
            response.set(http::field::content_range, "bytes " + std::to_string(download.first) + "-" +
                                                         std::to_string(last) + "/" +
                                                         std::to_string(download.totalSize));
        }
        response.body() = download.bytes;
        send(std::move(response));
    }

    // A failed call: its status, and devcoll's trailing details ("devcoll-retry-after-seconds").
    void sendStatus(const grpc::Status& status, const grpc::ClientContext& context) {
        std::vector<std::pair<std::string, std::string>> details;
        for (const auto& [key, value] : context.GetServerTrailingMetadata()) {
            const std::string name(key.data(), key.size());
            if (name.rfind("devcoll-", 0) != 0) continue;
            details.emplace_back(name.substr(8), std::string(value.data(), value.size()));
            if (name == "devcoll-retry-after-seconds") m_retryAfter = details.back().second;
        }
        sendError(httpStatusOf(status.error_code()), status.error_code(), status.error_message(), details);
    }

    void sendError(int httpStatus, grpc::StatusCode code, const std::string& message,
                   const std::vector<std::pair<std::string, std::string>>& details = {}) {
        sendBody(httpStatus, "application/json", errorJson(code, message, details));
    }

    void sendBody(int httpStatus, std::string_view contentType, std::string body) {
        Response response{static_cast<http::status>(httpStatus), 11};
        response.set(http::field::content_type, std::string(contentType));
        response.set(http::field::cache_control, "no-store");
        response.body() = std::move(body);
        send(std::move(response));
    }

    void send(Response response) {
        if (m_requestId.empty()) m_requestId = newUuidV7();
        response.set(http::field::server, "devcoll");
        response.set("X-Request-Id", m_requestId);
        if (!m_allow.empty()) response.set(http::field::allow, m_allow);
        if (!m_retryAfter.empty()) response.set(http::field::retry_after, m_retryAfter);
        if (!m_origin.empty() && m_state->originAllowed(m_origin)) {
            response.set(http::field::access_control_allow_origin, m_origin);
            response.set(http::field::access_control_expose_headers, "Retry-After, X-Request-Id, Content-Range");
            response.set(http::field::vary, "Origin");
        }
        if (m_closing) m_keepAlive = false;
        response.keep_alive(m_keepAlive);
        response.prepare_payload();
        auto owned = std::make_shared<Response>(std::move(response));
        m_stream.expires_after(m_state->settings.readTimeout);
        http::async_write(m_stream, *owned, [self = shared_from_this(), owned](beast::error_code ec, std::size_t) {
            self->onWritten(ec);
        });
    }

    void onWritten(beast::error_code ec) {
        m_busy = false;
        m_allow.clear();
        m_retryAfter.clear();
        m_channel.reset();
        // A request whose body was never read (413 up front) leaves the connection unusable.
        if (!ec && !m_parser->is_done()) return lingeringClose();
        if (ec || !m_keepAlive || m_closing) return close();
        readHeader();
    }

    std::string bodyTooLarge() const {
        return "the request body is larger than the " + std::to_string(m_bodyLimit) + " bytes this route takes";
    }

    void close() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        m_stream.socket().close(ec);
    }

    // The client may still be sending the body we refused; closing with its bytes unread would
    // reset the connection before it reads our answer. So: stop sending, read and drop what
    // comes for a short while, then close.
    void lingeringClose() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        m_stream.expires_after(kLingerTime);  // once: for all the reads below together
        drain();
    }

    void drain() {
        m_stream.async_read_some(net::buffer(m_discard),
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec) return self->close();
                                     self->drain();
                                 });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::size_t m_bodyLimit = 0;              // of the request being read
    std::array<char, 16 * 1024> m_discard{};  // what a lingering close reads and drops
    std::optional<http::request_parser<http::string_body>> m_parser;
    HttpGateway::State* m_state;
    std::shared_ptr<grpc::ChannelInterface> m_channel;
    std::string m_clientAddress;
    std::string m_requestId;
    std::string m_path;
    std::string m_query;
    std::optional<RouteTable::Match> m_match;  // the route of the request being read
    std::string m_origin;
    std::string m_allow;
    std::string m_retryAfter;
    bool m_keepAlive = true;
    bool m_busy = false;
    bool m_closing = false;
};

void HttpGateway::State::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == net::error::operation_aborted) return;  // shutting down
            spdlog::warn("http: accept failed: {}", ec.message());
        } else {
            auto session = std::make_shared<Session>(std::move(socket), this);
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
                std::erase_if(sessions, [](const auto& weak) { return weak.expired(); });
                sessions.push_back(session);
            }
            session->start();
        }
        accept();
    });
}

}  // namespace devcoll::gateway

namespace devcoll::gateway {

Result<std::unique_ptr<HttpGateway>> HttpGateway::start(GatewaySettings settings, std::vector<std::string> services,
                                                        ServiceChannels channels) {
    DEVCOLL_TRY(RouteTable routes, RouteTable::fromServices(services));
    DEVCOLL_TRY(tcp::endpoint endpoint, endpointOf(settings.listen));
    auto state = std::make_unique<State>(std::move(settings), std::move(routes), std::move(channels));
    if (!state->docs.missing().empty()) spdlog::warn("http: /docs is off: {}", state->docs.missing());
    beast::error_code ec;
    state->acceptor.open(endpoint.protocol(), ec);
    if (!ec) state->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) state->acceptor.bind(endpoint, ec);
    if (!ec) state->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        return makeError(ErrorCode::Unavailable, "cannot serve HTTP on " + state->settings.listen + ": " +
                                                     ec.message() + " (--http-listen chooses another address, or off)");
    }
    state->port = state->acceptor.local_endpoint().port();
    state->accept();
    for (int i = 0; i < std::max(1, state->settings.threads); ++i) {
        state->threads.emplace_back([ioc = &state->ioc] { ioc->run(); });
    }
    return std::unique_ptr<HttpGateway>(new HttpGateway(std::move(state)));
}

HttpGateway::HttpGateway(std::unique_ptr<State> state) : m_state(std::move(state)) {}

HttpGateway::~HttpGateway() {
    shutdown(std::chrono::milliseconds(0));
    // A gRPC call's completion posts to the io_context: wait for those still to come (the
    // server behind the gateway stops first, so they come at once).
    std::unique_lock lock(m_state->mutex);
    if (!m_state->allClosed.wait_for(lock, std::chrono::seconds(40), [this] { return m_state->callsInFlight == 0; })) {
        spdlog::error("http: gRPC calls still pending at exit");
    }
}

int HttpGateway::port() const { return m_state->port; }

void HttpGateway::shutdown(std::chrono::milliseconds grace) {
    std::call_once(m_state->shutdownOnce, [this, grace] {
        State& state = *m_state;
        std::vector<std::shared_ptr<Session>> open;
        {
            std::lock_guard lock(state.mutex);
            state.stopping = true;
            for (const auto& weak : state.sessions) {
                if (auto session = weak.lock()) open.push_back(std::move(session));
            }
        }
        net::post(state.acceptor.get_executor(), [&state] {
            beast::error_code ignored;
            state.acceptor.close(ignored);
        });
        for (const auto& session : open) session->stopWhenIdle();
        open.clear();
        {
            std::unique_lock lock(state.mutex);
            if (!state.allClosed.wait_for(lock, grace, [&state] { return state.openSessions == 0; })) {
                spdlog::warn("http: {} connections still busy after the grace period; closing them",
                             state.openSessions);
            }
        }
        state.ioc.stop();
        for (auto& thread : state.threads) thread.join();
        state.transfers.stop();
    });
}

}  // namespace devcoll::gateway
