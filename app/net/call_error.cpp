#include "net/call_error.h"

namespace devcoll::app {
namespace {

ErrorCode codeOf(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::INVALID_ARGUMENT:
            return ErrorCode::InvalidArgument;
        case grpc::StatusCode::NOT_FOUND:
            return ErrorCode::NotFound;
        case grpc::StatusCode::ALREADY_EXISTS:
            return ErrorCode::AlreadyExists;
        case grpc::StatusCode::PERMISSION_DENIED:
            return ErrorCode::PermissionDenied;
        case grpc::StatusCode::UNAUTHENTICATED:
            return ErrorCode::Unauthenticated;
        case grpc::StatusCode::FAILED_PRECONDITION:
            return ErrorCode::FailedPrecondition;
        case grpc::StatusCode::RESOURCE_EXHAUSTED:
            return ErrorCode::ResourceExhausted;
        case grpc::StatusCode::ABORTED:
            return ErrorCode::Aborted;
        case grpc::StatusCode::OUT_OF_RANGE:
            return ErrorCode::OutOfRange;
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return ErrorCode::DeadlineExceeded;
        case grpc::StatusCode::UNAVAILABLE:
        case grpc::StatusCode::CANCELLED:  // the connection went, or the call was stopped
            return ErrorCode::Unavailable;
        default:
            return ErrorCode::Internal;
    }
}

}  // namespace

Error errorOf(const grpc::Status& status, const grpc::ClientContext* context) {
    Error error = makeError(codeOf(status.error_code()), status.error_message());
    if (!context) return error;
    for (const auto& [key, value] : context->GetServerTrailingMetadata()) {
        if (key.starts_with("devcoll-")) {
            error.details.emplace_back(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
        }
    }
    return error;
}

}  // namespace devcoll::app
