#pragma once
// What a handler knows about the call it serves: who asks (when authenticated), from where,
// and the request id that ties log lines, errors and events together.
#include <optional>
#include <string>
#include <string_view>

#include "devcoll/result.h"
#include "platform/security/access_token.h"

namespace devcoll::rpc {

// The metadata in which the HTTP gateway names its client's address, and the peer its
// in-process channel shows: the services believe that metadata from that peer only.
inline constexpr char kClientAddressKey[] = "x-devcoll-client-address";
inline constexpr char kInProcessPeer[] = "unknown";

// Whether a client's x-request-id may stand in logs and answers as it is (1 to 64 of
// [A-Za-z0-9._-]); otherwise the server makes its own.
bool isSafeRequestId(std::string_view id);

struct CallContext final {
    std::string requestId;
    std::string peerAddress;  // the client's IP address, without port
    std::optional<security::Principal> principal;

    // The authenticated caller; only called by handlers registered as Access::Authenticated.
    const security::Principal& caller() const { return *principal; }

    // For operator-only calls: PermissionDenied unless the caller holds the admin role.
    Status requireAdmin() const {
        if (principal && principal->hasRole(security::kAdminRole)) return {};
        return makeError(ErrorCode::PermissionDenied, "this call is for operators (role admin)");
    }

    // For moderation calls: PermissionDenied unless the caller is a moderator or an admin.
    Status requireModerator() const {
        if (mayModerate()) return {};
        return makeError(ErrorCode::PermissionDenied, "this call is for moderators (role moderator or admin)");
    }
    bool mayModerate() const {
        return principal && (principal->hasRole(security::kModeratorRole) || principal->hasRole(security::kAdminRole));
    }
};

}  // namespace devcoll::rpc
