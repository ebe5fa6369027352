#pragma once
// OpenApiGenerator: a protoc code generator that writes the OpenAPI 3.0 document of the HTTP
// gateway from the same google.api.http annotations the gateway routes by, with the contracts'
// comments as descriptions and protobuf's JSON mapping as the schemas. It writes
// openapi.json, and openapi_document.cpp, which compiles the document into the server.
#include <google/protobuf/compiler/code_generator.h>

#include <string>
#include <vector>

namespace devcoll::gateway {

class OpenApiGenerator final : public google::protobuf::compiler::CodeGenerator {
public:
    bool Generate(const google::protobuf::FileDescriptor* file, const std::string& parameter,
                  google::protobuf::compiler::GeneratorContext* context, std::string* error) const override;
    bool GenerateAll(const std::vector<const google::protobuf::FileDescriptor*>& files, const std::string& parameter,
                     google::protobuf::compiler::GeneratorContext* context, std::string* error) const override;
    std::uint64_t GetSupportedFeatures() const override { return FEATURE_PROTO3_OPTIONAL; }
};

}  // namespace devcoll::gateway
