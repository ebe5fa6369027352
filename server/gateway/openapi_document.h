#pragma once
// The OpenAPI 3 document of the HTTP API, generated at build time from proto/ by
// protoc-gen-devcoll-openapi (see gateway/openapi/); served at /openapi.json.
#include <string_view>

namespace devcoll::gateway {

std::string_view openApiDocument();

}  // namespace devcoll::gateway
