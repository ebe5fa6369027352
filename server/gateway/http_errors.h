#pragma once
// How the gateway reports a failed call over HTTP: the gRPC status code mapped to an HTTP
// status as Google's APIs do (google/rpc/code.proto), and a JSON body
// {"code": <gRPC code>, "message": "...", "details": [...]}.
#include <grpcpp/support/status_code_enum.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace devcoll::gateway {

int httpStatusOf(grpc::StatusCode code);

// `details` are the facts a client may act on (devcoll's trailing metadata without its
// "devcoll-" prefix, e.g. retry-after-seconds); they become one google.rpc.ErrorInfo.
std::string errorJson(grpc::StatusCode code, std::string_view message,
                      const std::vector<std::pair<std::string, std::string>>& details = {});

}  // namespace devcoll::gateway
