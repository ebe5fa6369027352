#pragma once
// Between HTTP and a method's messages, with protobuf's own JSON mapping: a request message is
// built from the route's path variables, its query string (routes without a "*" body) and its
// JSON body, and a response message is written as JSON with lowerCamelCase names.
#include <google/protobuf/message.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devcoll/result.h"
#include "gateway/http_routes.h"

namespace devcoll::gateway {

// The request of `route`. Bad input is INVALID_ARGUMENT with a message naming the problem
// (malformed JSON and where, an unknown field or query parameter, a value of the wrong type).
Result<std::unique_ptr<google::protobuf::Message>> requestMessage(
    const HttpRoute& route, const std::vector<std::pair<std::string, std::string>>& bindings, std::string_view query,
    std::string_view body);

// `message` as JSON: lowerCamelCase names, fields at their default values included.
std::string messageJson(const google::protobuf::Message& message);

}  // namespace devcoll::gateway
