#pragma once
// Result<T>: a value or an Error, the std::expected-style return type used everywhere inside
// devcoll. Errors carry a code that maps one-to-one to a gRPC status code at the service edge,
// a message a person can act on, and for INVALID_ARGUMENT the field at fault.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace devcoll {

enum class ErrorCode {
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    FailedPrecondition,
    ResourceExhausted,
    Aborted,
    OutOfRange,
    Unavailable,
    DeadlineExceeded,
    Internal,
};

struct Error final {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string field;  // for InvalidArgument: the request field at fault
    // Extra key/value facts a client may act on ("current-version", "retry-after-seconds").
    std::vector<std::pair<std::string, std::string>> details;

    Error withDetail(std::string key, std::string value) && {
        details.emplace_back(std::move(key), std::move(value));
        return std::move(*this);
    }
};

inline Error invalidArgument(std::string field, std::string message) {
    return Error{ErrorCode::InvalidArgument, field + ": " + message, field, {}};
}
inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message), {}, {}}; }
// A limit reached: `what` ("too many attempts"), then when to try again, also as the
// retry-after-seconds detail a client may act on.
inline Error tooMany(const std::string& what, std::int64_t retryAfterSeconds) {
    const std::string seconds = std::to_string(retryAfterSeconds);
    return Error{ErrorCode::ResourceExhausted,
                 what + "; try again in " + seconds + " seconds",
                 {},
                 {{"retry-after-seconds", seconds}}};
}

template <typename T>
class [[nodiscard]] Result final {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_state); }
    Error&& takeError() { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> final {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT: implicit by design

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }
    Error&& takeError() { return std::move(m_error); }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

}  // namespace devcoll

// Propagates the error of a Result expression, or binds its value: DEVCOLL_TRY(auto x, f());
#define DEVCOLL_CONCAT_INNER(a, b) a##b
#define DEVCOLL_CONCAT(a, b) DEVCOLL_CONCAT_INNER(a, b)
#define DEVCOLL_TRY(decl, ...)                                                                                         \
    auto DEVCOLL_CONCAT(devcoll_result_, __LINE__) = (__VA_ARGS__);                                                    \
    if (!DEVCOLL_CONCAT(devcoll_result_, __LINE__).ok()) return DEVCOLL_CONCAT(devcoll_result_, __LINE__).takeError(); \
    decl = std::move(DEVCOLL_CONCAT(devcoll_result_, __LINE__)).value()
#define DEVCOLL_CHECK(...)                                             \
    do {                                                               \
        auto devcoll_status_ = (__VA_ARGS__);                          \
        if (!devcoll_status_.ok()) return devcoll_status_.takeError(); \
    } while (false)
