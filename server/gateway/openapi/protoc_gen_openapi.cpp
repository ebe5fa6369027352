// protoc-gen-devcoll-openapi: protoc's plugin for the HTTP API's OpenAPI document. The build
// runs it over proto/ (see server/CMakeLists.txt); it is not installed.
#include <google/protobuf/compiler/plugin.h>

#include "gateway/openapi/openapi_generator.h"

int main(int argc, char** argv) {
    devcoll::gateway::OpenApiGenerator generator;
    return google::protobuf::compiler::PluginMain(argc, argv, &generator);
}
