#include "gateway/http_errors.h"

#include <nlohmann/json.hpp>

namespace devcoll::gateway {

int httpStatusOf(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::OK:
            return 200;
        case grpc::StatusCode::CANCELLED:
            return 499;
        case grpc::StatusCode::INVALID_ARGUMENT:
        case grpc::StatusCode::FAILED_PRECONDITION:
        case grpc::StatusCode::OUT_OF_RANGE:
            return 400;
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return 504;
        case grpc::StatusCode::NOT_FOUND:
            return 404;
        case grpc::StatusCode::ALREADY_EXISTS:
        case grpc::StatusCode::ABORTED:
            return 409;
        case grpc::StatusCode::PERMISSION_DENIED:
            return 403;
        case grpc::StatusCode::UNAUTHENTICATED:
            return 401;
        case grpc::StatusCode::RESOURCE_EXHAUSTED:
            return 429;
        case grpc::StatusCode::UNIMPLEMENTED:
            return 501;
        case grpc::StatusCode::UNAVAILABLE:
            return 503;
        case grpc::StatusCode::UNKNOWN:
        case grpc::StatusCode::INTERNAL:
        case grpc::StatusCode::DATA_LOSS:
        default:
            return 500;
    }
}

std::string errorJson(grpc::StatusCode code, std::string_view message,
                      const std::vector<std::pair<std::string, std::string>>& details) {
    nlohmann::json body{{"code", static_cast<int>(code)}, {"message", message}, {"details", nlohmann::json::array()}};
    if (!details.empty()) {
        nlohmann::json metadata = nlohmann::json::object();
        for (const auto& [key, value] : details) metadata[key] = value;
        body["details"].push_back({{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                   {"domain", "devcoll"},
                                   {"reason", "DEVCOLL_ERROR_DETAILS"},
                                   {"metadata", std::move(metadata)}});
    }
    // Messages come from our own services and are valid UTF-8; replace rather than throw if not.
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace devcoll::gateway
