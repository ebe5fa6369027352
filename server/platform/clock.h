#pragma once
// Time as devcoll stores it: microseconds since the Unix epoch, UTC, in a 64-bit integer.
#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>

namespace devcoll {

inline std::int64_t toMicros(std::chrono::system_clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
}

inline std::int64_t nowMicros() { return toMicros(std::chrono::system_clock::now()); }

inline constexpr std::int64_t kMicrosPerSecond = 1'000'000;

inline google::protobuf::Timestamp toTimestamp(std::int64_t micros) {
    google::protobuf::Timestamp ts;
    ts.set_seconds(micros / kMicrosPerSecond);
    ts.set_nanos(static_cast<std::int32_t>((micros % kMicrosPerSecond) * 1000));
    return ts;
}

inline std::int64_t fromTimestamp(const google::protobuf::Timestamp& ts) {
    return ts.seconds() * kMicrosPerSecond + ts.nanos() / 1000;
}

}  // namespace devcoll
