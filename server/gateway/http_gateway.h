#pragma once
// HttpGateway: devcoll's HTTP/1.1 + JSON face for web and scripting clients. Every route comes
// from a google.api.http annotation in proto/ (see RouteTable) and is forwarded as a gRPC call
// to the service's own contract, in this process through the in-process channel, in scale-out
// through --peer. The calls pass through the services' interceptors like any other: the
// Bearer token, the rate limits (counted against the HTTP client's address) and the metrics
// are the gRPC side's. Also served: /openapi.json, generated from proto/ at build time, and
// Swagger UI at /docs.
//
// Boost.Beast does the HTTP: keep-alive, header and body limits (413), read timeouts, and a
// graceful shutdown that finishes requests in flight. It stays inside http_gateway.cpp.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::gateway {

struct GatewaySettings final {
    std::string listen;                    // host:port; port 0 picks a free one
    std::vector<std::string> corsOrigins;  // origins allowed to call from a browser; "*": any
    std::size_t maxBodyBytes = 1024 * 1024;
    std::size_t maxUploadBytes = 16 * 1024 * 1024;  // the media service's limit
    std::chrono::seconds readTimeout{30};           // for a whole request, and idle keep-alive
    std::chrono::seconds callDeadline{30};
    std::string docsDir;          // Swagger UI's files (npm swagger-ui-dist); empty: no /docs
    std::string openApiDocument;  // served at /openapi.json
    int threads = 2;
};

// The channel to the service named "devcoll.post.v1.PostService"; nullptr when this process
// neither runs it nor knows a --peer for it (its routes then answer 503).
using ServiceChannels = std::function<std::shared_ptr<grpc::ChannelInterface>(const std::string& service)>;

class HttpGateway final {
public:
    // Listens and serves the routes of `services` (full service names).
    static Result<std::unique_ptr<HttpGateway>> start(GatewaySettings settings, std::vector<std::string> services,
                                                      ServiceChannels channels);
    ~HttpGateway();
    HttpGateway(const HttpGateway&) = delete;
    HttpGateway& operator=(const HttpGateway&) = delete;

    int port() const;
    // Stops accepting, closes idle connections, lets requests in flight finish for up to
    // `grace`, then stops. Safe to call more than once.
    void shutdown(std::chrono::milliseconds grace);

    struct State;

private:
    explicit HttpGateway(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace devcoll::gateway
