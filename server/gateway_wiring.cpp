#include "gateway_wiring.h"

#include <map>
#include <mutex>

#include "gateway/openapi_document.h"
#include "platform/rpc/peer.h"

namespace devcoll {
namespace {

// "post" -> "devcoll.post.v1.PostService", as the contracts name it.
std::string serviceFullName(const std::string& name) {
    std::string type = name;
    type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
    return "devcoll." + name + ".v1." + type + "Service";
}

// This server's own gRPC address as a client on this machine reaches it ("0.0.0.0:50051" ->
// "127.0.0.1:50051").
std::string loopbackAddress(const std::string& listen, int port) {
    std::string host = listen.substr(0, listen.rfind(':'));
    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "[::]") host = "[::1]";
    return host + ":" + std::to_string(port);
}

}  // namespace

Result<std::unique_ptr<gateway::HttpGateway>> startGateway(const Config& config, grpc::Server& server, int port) {
    gateway::GatewaySettings settings;
    settings.listen = config.http.listen;
    settings.corsOrigins = config.http.corsOrigins;
    settings.maxBodyBytes = config.http.maxBodyBytes;
    settings.maxUploadBytes = static_cast<std::size_t>(config.media.maxUploadBytes);
    settings.docsDir = config.http.docsDir;
    settings.openApiDocument = std::string(gateway::openApiDocument());
    std::vector<std::string> services;
    for (const std::string& name : knownServices()) services.push_back(serviceFullName(name));
    // One channel per service, made on first use.
    auto channels = std::make_shared<std::map<std::string, std::shared_ptr<grpc::ChannelInterface>>>();
    auto mutex = std::make_shared<std::mutex>();
    const Config* configured = &config;  // both outlive the gateway
    grpc::Server* inProcess = &server;
    const std::string self = loopbackAddress(config.listen, port);
    auto channelFor = [configured, inProcess, channels, mutex,
                       self](const std::string& fullName) -> std::shared_ptr<grpc::ChannelInterface> {
        std::lock_guard lock(*mutex);
        auto& channel = (*channels)[fullName];
        if (channel) return channel;
        for (const std::string& name : knownServices()) {
            if (serviceFullName(name) != fullName) continue;
            if (name == "media" && configured->runs(name)) {
                // Through this server's own port, not the in-process channel: gRPC 1.51's
                // in-process transport never completes a client-streaming write once the
                // server has answered without reading it, so every upload the media service
                // refuses (or already has) would hang until its deadline. Media calls are all
                // authenticated: their rate limit counts per account, whatever the address.
                channel = rpc::remoteChannel(self);
            } else if (configured->runs(name)) {
                channel = inProcess->InProcessChannel(grpc::ChannelArguments());
            } else if (const auto peer = configured->peers.find(name); peer != configured->peers.end()) {
                channel = rpc::remoteChannel(peer->second);
            }
        }
        return channel;
    };
    return gateway::HttpGateway::start(std::move(settings), std::move(services), std::move(channelFor));
}

}  // namespace devcoll
