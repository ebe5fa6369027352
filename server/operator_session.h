#pragma once
// What the operator commands (`reindex`, `sync-status`) share: a channel to a running server
// and a short-lived operator token (role `admin`) signed with the deployment's own key, so
// whoever can read the keys dir can run them and nobody else.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "devcoll/result.h"
#include "platform/config.h"

namespace devcoll {

class OperatorSession final {
public:
    // Opens the keys dir without creating keys (a wrong --data-dir is an error, not a new
    // deployment), signs a token valid for `lifetime` and connects to `command.server`.
    static Result<OperatorSession> open(const Config& config, const OperatorCommand& command,
                                        std::chrono::seconds lifetime);

    const std::shared_ptr<grpc::Channel>& channel() const { return m_channel; }
    // Puts the operator token on a call.
    void authorize(grpc::ClientContext& context) const;

private:
    OperatorSession(std::shared_ptr<grpc::Channel> channel, std::string token)
        : m_channel(std::move(channel)), m_token(std::move(token)) {}

    std::shared_ptr<grpc::Channel> m_channel;
    std::string m_token;
};

}  // namespace devcoll
