#include "operator_session.h"

#include "devcoll/ids.h"
#include "platform/security/access_token.h"
#include "platform/security/key_store.h"

namespace devcoll {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(5);

}  // namespace

Result<OperatorSession> OperatorSession::open(const Config& config, const OperatorCommand& command,
                                              std::chrono::seconds lifetime) {
    DEVCOLL_TRY(auto keys, security::KeyStore::openExisting(config.effectiveKeysDir(), lifetime));
    security::AccessTokens tokens(*keys, lifetime);
    DEVCOLL_TRY(auto token, tokens.sign("operator", "cli-" + newUuidV7(), {std::string(security::kAdminRole)}));
    auto channel = grpc::CreateChannel(command.server, grpc::InsecureChannelCredentials());
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + kConnectTimeout)) {
        return makeError(ErrorCode::Unavailable, "cannot reach a server at " + command.server +
                                                     "; is devcoll-server running there (--server)?");
    }
    return OperatorSession(std::move(channel), std::move(token.token));
}

void OperatorSession::authorize(grpc::ClientContext& context) const {
    context.AddMetadata("authorization", "Bearer " + m_token);
}

}  // namespace devcoll
