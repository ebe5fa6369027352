#include "platform/rpc/status_mapping.h"

namespace devcoll::rpc {

grpc::StatusCode toGrpcCode(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return grpc::StatusCode::INVALID_ARGUMENT;
        case ErrorCode::NotFound:
            return grpc::StatusCode::NOT_FOUND;
        case ErrorCode::AlreadyExists:
            return grpc::StatusCode::ALREADY_EXISTS;
        case ErrorCode::PermissionDenied:
            return grpc::StatusCode::PERMISSION_DENIED;
        case ErrorCode::Unauthenticated:
            return grpc::StatusCode::UNAUTHENTICATED;
        case ErrorCode::FailedPrecondition:
            return grpc::StatusCode::FAILED_PRECONDITION;
        case ErrorCode::ResourceExhausted:
            return grpc::StatusCode::RESOURCE_EXHAUSTED;
        case ErrorCode::Aborted:
            return grpc::StatusCode::ABORTED;
        case ErrorCode::OutOfRange:
            return grpc::StatusCode::OUT_OF_RANGE;
        case ErrorCode::Unavailable:
            return grpc::StatusCode::UNAVAILABLE;
        case ErrorCode::DeadlineExceeded:
            return grpc::StatusCode::DEADLINE_EXCEEDED;
        case ErrorCode::Internal:
            return grpc::StatusCode::INTERNAL;
    }
    return grpc::StatusCode::INTERNAL;
}

grpc::Status toGrpcStatus(const Error& error, grpc::ServerContextBase* context, const std::string& requestId) {
    if (context) {
        for (const auto& [key, value] : error.details) context->AddTrailingMetadata("devcoll-" + key, value);
    }
    if (error.code == ErrorCode::Internal) {
        return grpc::Status(grpc::StatusCode::INTERNAL, "internal error (request id " + requestId + ")");
    }
    return grpc::Status(toGrpcCode(error.code), error.message);
}

}  // namespace devcoll::rpc
