#pragma once
// Structured logs through spdlog: human-readable text, or one JSON object per line for log
// collectors. Handlers put `request_id=...` into their messages.
#include <string>

namespace devcoll {

void setupLogging(const std::string& format, const std::string& level);

}  // namespace devcoll
