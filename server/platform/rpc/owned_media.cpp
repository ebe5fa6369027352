#include "platform/rpc/owned_media.h"

namespace devcoll::rpc {

devcoll::media::v1::MediaService::Stub& OwnedMedia::media() {
    std::call_once(m_once, [this] { m_stub = devcoll::media::v1::MediaService::NewStub(m_peer->channel()); });
    return *m_stub;
}

Status OwnedMedia::check(grpc::CallbackServerContext* ctx, const CallContext& call, std::string_view field,
                         const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
        auto client = onBehalfOf(ctx, call.requestId);
        devcoll::media::v1::GetMediaRequest request;
        request.set_media_id(id);
        devcoll::media::v1::GetMediaResponse response;
        const grpc::Status status = m_peer->call([&] { return media().GetMedia(client.get(), request, &response); });
        const bool missing = status.error_code() == grpc::StatusCode::NOT_FOUND;
        if (missing || (status.ok() && response.media().owner_id() != call.caller().userId)) {
            return invalidArgument(std::string(field), id + " is not a finished upload of yours");
        }
        if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            return makeError(ErrorCode::Unauthenticated, status.error_message());
        }
        if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
            return makeError(ErrorCode::DeadlineExceeded, "checking " + std::string(field) + " took too long");
        }
        if (!status.ok()) {
            return makeError(ErrorCode::Unavailable,
                             "cannot check media now (media service: " + status.error_message() + "); retry later");
        }
    }
    return {};
}

}  // namespace devcoll::rpc
