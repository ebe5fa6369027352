#pragma once
// OwnedMedia: whether media ids a post or a profile wants to show are finished uploads of the
// author's, asked of the media service through its contract (devcoll.media.v1.GetMedia).
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "devcoll/result.h"
#include "platform/rpc/call_context.h"
#include "platform/rpc/peer.h"

namespace devcoll::rpc {

class OwnedMedia final {
public:
    explicit OwnedMedia(std::shared_ptr<Peer> media) : m_peer(std::move(media)) {}

    // InvalidArgument naming `field` for an id that is unknown, unfinished, deleted or
    // someone else's; Unavailable when the media service cannot answer.
    Status check(grpc::CallbackServerContext* ctx, const CallContext& call, std::string_view field,
                 const std::vector<std::string>& ids);

private:
    devcoll::media::v1::MediaService::Stub& media();

    std::shared_ptr<Peer> m_peer;
    std::once_flag m_once;
    std::unique_ptr<devcoll::media::v1::MediaService::Stub> m_stub;
};

}  // namespace devcoll::rpc
