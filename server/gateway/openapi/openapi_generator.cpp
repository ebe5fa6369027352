#include "gateway/openapi/openapi_generator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/zero_copy_stream.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "google/api/annotations.pb.h"

namespace devcoll::gateway {
namespace {

// The first sentence of a comment, on one line: Swagger UI shows it beside the route. A
// leading "Authenticated." (the contracts' note on access, which the security entry shows
// too) is skipped.
std::string firstSentence(const std::string& comment) {
    std::string line;
    for (char c : comment) line += c == '\n' ? ' ' : c;
    constexpr std::string_view kAccessNote = "Authenticated. ";
    if (line.starts_with(kAccessNote)) line.erase(0, kAccessNote.size());
    for (std::size_t at = line.find(". "); at != std::string::npos; at = line.find(". ", at + 1)) {
        // "e.g. " and "i.e. " do not end a sentence.
        if (at >= 3 && (line.compare(at - 3, 3, "e.g") == 0 || line.compare(at - 3, 3, "i.e") == 0)) continue;
        return line.substr(0, at + 1);
    }
    return line;
}

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using Json = nlohmann::ordered_json;

// A comment from the contracts as a description: leading spaces of each line dropped.
template <typename Descriptor>
std::string commentOf(const Descriptor* descriptor) {
    google::protobuf::SourceLocation location;
    if (!descriptor->GetSourceLocation(&location)) return {};
    std::string text;
    std::size_t start = 0;
    const std::string& raw = location.leading_comments;
    while (start < raw.size()) {
        std::size_t end = raw.find('\n', start);
        if (end == std::string::npos) end = raw.size();
        std::string line = raw.substr(start, end - start);
        if (!line.empty() && line.front() == ' ') line.erase(0, 1);
        text += line + "\n";
        start = end + 1;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

std::string schemaName(const std::string& fullName) {
    constexpr std::string_view kPrefix = "devcoll.";
    return fullName.rfind(kPrefix, 0) == 0 ? fullName.substr(kPrefix.size()) : fullName;
}

Json ref(const std::string& fullName) { return Json{{"$ref", "#/components/schemas/" + schemaName(fullName)}}; }

class DocumentBuilder final {
public:
    Json build(const std::vector<const ServiceDescriptor*>& services) {
        Json document;
        document["openapi"] = "3.0.3";
        document["info"] = {
            {"title", "devcoll HTTP API"},
            {"version", "1"},
            {"description",
             "The HTTP/JSON face of devcoll's gRPC services, generated from the google.api.http annotations in "
             "proto/. Field names follow protobuf's JSON mapping (lowerCamelCase; 64-bit integers as strings). "
             "Calls that need an account take `Authorization: Bearer <access token>` from login or register. "
             "Errors answer with the HTTP status Google's APIs use for their gRPC code, and a body "
             "{code, message, details}."}};
        document["servers"] = Json::array({Json{{"url", "/"}}});
        document["tags"] = Json::array();
        document["paths"] = Json::object();
        for (const ServiceDescriptor* service : services) {
            bool any = false;
            for (int i = 0; i < service->method_count(); ++i) {
                const MethodDescriptor* method = service->method(i);
                if (!method->options().HasExtension(google::api::http)) continue;
                any = true;
                const auto& rule = method->options().GetExtension(google::api::http);
                addOperation(document["paths"], method, rule);
                for (const auto& extra : rule.additional_bindings()) addOperation(document["paths"], method, extra);
            }
            if (any) document["tags"].push_back({{"name", service->name()}, {"description", commentOf(service)}});
        }
        Json schemas = Json::object();
        schemas["Status"] = {{"type", "object"},
                             {"description",
                              "An error: the gRPC status code, a message a person can act on, and details a client "
                              "may act on (google.rpc.ErrorInfo with devcoll's metadata, e.g. retry-after-seconds)."},
                             {"properties",
                              {{"code", {{"type", "integer"}, {"format", "int32"}}},
                               {"message", {{"type", "string"}}},
                               {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
        // Schemas are written as they are first referenced; writing one may reference more.
        while (!m_pendingMessages.empty() || !m_pendingEnums.empty()) {
            if (!m_pendingMessages.empty()) {
                const Descriptor* message = *m_pendingMessages.begin();
                m_pendingMessages.erase(m_pendingMessages.begin());
                schemas[schemaName(message->full_name())] = messageSchema(message, {});
            } else {
                const EnumDescriptor* type = *m_pendingEnums.begin();
                m_pendingEnums.erase(m_pendingEnums.begin());
                schemas[schemaName(type->full_name())] = enumSchema(type);
            }
        }
        document["components"] = {
            {"schemas", std::move(schemas)},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}};
        return document;
    }

private:
    void addOperation(Json& paths, const MethodDescriptor* method, const google::api::HttpRule& rule) {
        std::string verb;
        std::string path;
        switch (rule.pattern_case()) {
            case google::api::HttpRule::kGet:
                verb = "get", path = rule.get();
                break;
            case google::api::HttpRule::kPut:
                verb = "put", path = rule.put();
                break;
            case google::api::HttpRule::kPost:
                verb = "post", path = rule.post();
                break;
            case google::api::HttpRule::kDelete:
                verb = "delete", path = rule.delete_();
                break;
            case google::api::HttpRule::kPatch:
                verb = "patch", path = rule.patch();
                break;
            default:
                return;
        }
        const Descriptor* input = method->input_type();
        Json operation;
        operation["operationId"] = method->service()->name() + "_" + method->name();
        operation["tags"] = Json::array({method->service()->name()});
        const std::string comment = commentOf(method);
        operation["summary"] = firstSentence(comment);
        if (operation["summary"] != comment) operation["description"] = comment;
        // A token is sent when the caller has one; the service says which calls need it.
        operation["security"] = Json::array({Json{{"bearer", Json::array()}}, Json::object()});

        Json parameters = Json::array();
        std::set<std::string> bound;
        for (const std::string& variable : pathVariables(path)) {
            bound.insert(variable);
            const FieldDescriptor* field = fieldAt(input, variable);
            // OpenAPI treats "/posts/{post_id}" and "/posts/{post.id}" as one path: name both
            // post_id (the gateway binds by position).
            const std::string name = openApiName(variable);
            const std::string placeholder = "{" + variable + "}";
            path.replace(path.find(placeholder), placeholder.size(), "{" + name + "}");
            Json parameter{{"name", name}, {"in", "path"}, {"required", true}};
            if (field) {
                parameter["schema"] = fieldSchema(field);
                if (const std::string about = commentOf(field); !about.empty()) parameter["description"] = about;
            }
            parameters.push_back(std::move(parameter));
        }
        if (method->client_streaming()) {
            operation["requestBody"] = uploadBody();
        } else if (rule.body() == "*") {
            operation["requestBody"] = {
                {"required", true},
                {"content", {{"application/json", {{"schema", messageSchema(input, bound, true)}}}}}};
        } else if (!rule.body().empty()) {
            const FieldDescriptor* field = input->FindFieldByName(rule.body());
            if (field) {
                operation["requestBody"] = {{"required", true},
                                            {"content", {{"application/json", {{"schema", fieldSchema(field)}}}}}};
                bound.insert(rule.body());
            }
            addQueryParameters(parameters, input, "", bound);
        } else {
            addQueryParameters(parameters, input, "", bound);
        }
        if (method->server_streaming()) {
            parameters.push_back(
                {{"name", "Range"},
                 {"in", "header"},
                 {"required", false},
                 {"description", "One byte range, as `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-N`"},
                 {"schema", {{"type", "string"}}}});
        }
        if (!parameters.empty()) operation["parameters"] = std::move(parameters);

        Json responses;
        if (method->server_streaming()) {
            const Json bytes{{"schema", {{"type", "string"}, {"format", "binary"}}}};
            responses["200"] = {{"description", "The bytes"}, {"content", {{"application/octet-stream", bytes}}}};
            responses["206"] = {{"description", "The range asked for"},
                                {"content", {{"application/octet-stream", bytes}}}};
        } else {
            responses["200"] = {{"description", "OK"},
                                {"content", {{"application/json", {{"schema", reference(method->output_type())}}}}}};
        }
        responses["default"] = {
            {"description", "An error"},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Status"}}}}}}}};
        operation["responses"] = std::move(responses);
        paths[path][verb] = std::move(operation);
    }

    static Json uploadBody() {
        return {{"required", true},
                {"content",
                 {{"multipart/form-data",
                   {{"schema",
                     {{"type", "object"},
                      {"required", Json::array({"file"})},
                      {"properties",
                       {{"file", {{"type", "string"}, {"format", "binary"}, {"description", "The image"}}},
                        {"media_id",
                         {{"type", "string"},
                          {"description", "A client-chosen UUIDv7: uploading again under it is idempotent"}}},
                        {"sha256",
                         {{"type", "string"}, {"description", "Lower-case hex SHA-256 of the file, checked"}}}}}}}}}}}};
    }

    static std::string openApiName(std::string variable) {
        std::replace(variable.begin(), variable.end(), '.', '_');
        return variable;
    }

    static std::vector<std::string> pathVariables(const std::string& path) {
        std::vector<std::string> names;
        std::size_t open = path.find('{');
        while (open != std::string::npos) {
            const std::size_t close = path.find('}', open);
            if (close == std::string::npos) break;
            std::string name = path.substr(open + 1, close - open - 1);
            names.push_back(name.substr(0, name.find('=')));
            open = path.find('{', close);
        }
        return names;
    }

    static const FieldDescriptor* fieldAt(const Descriptor* message, const std::string& path) {
        const FieldDescriptor* field = nullptr;
        std::size_t start = 0;
        while (message) {
            const std::size_t dot = path.find('.', start);
            field = message->FindFieldByName(path.substr(start, dot == std::string::npos ? dot : dot - start));
            if (!field || dot == std::string::npos) return field;
            message = field->message_type();
            start = dot + 1;
        }
        return nullptr;
    }

    // Query parameters: the scalar fields not bound by the path, nested ones as "a.b".
    void addQueryParameters(Json& parameters, const Descriptor* message, const std::string& prefix,
                            const std::set<std::string>& bound) {
        for (int i = 0; i < message->field_count(); ++i) {
            const FieldDescriptor* field = message->field(i);
            const std::string name = prefix + field->name();
            if (bound.contains(name)) continue;
            if (field->type() == FieldDescriptor::TYPE_MESSAGE && !stringForm(field->message_type())) {
                if (!field->is_repeated() && !field->is_map())
                    addQueryParameters(parameters, field->message_type(), name + ".", bound);
                continue;
            }
            Json parameter{{"name", name}, {"in", "query"}, {"required", false}, {"schema", fieldSchema(field)}};
            if (field->is_repeated()) {
                parameter["style"] = "form";
                parameter["explode"] = true;
            }
            if (const std::string about = commentOf(field); !about.empty()) parameter["description"] = about;
            parameters.push_back(std::move(parameter));
        }
    }

    // Well-known types written as a JSON string.
    static bool stringForm(const Descriptor* message) {
        static const std::set<std::string> names{"google.protobuf.Timestamp", "google.protobuf.Duration",
                                                 "google.protobuf.FieldMask"};
        return names.contains(message->full_name());
    }

    Json reference(const Descriptor* message) {
        if (const auto known = wellKnown(message)) return *known;
        if (!m_written.contains(message)) {
            m_written.insert(message);
            m_pendingMessages.insert(message);
        }
        return ref(message->full_name());
    }

    static std::optional<Json> wellKnown(const Descriptor* message) {
        const std::string& name = message->full_name();
        if (name == "google.protobuf.Timestamp") return Json{{"type", "string"}, {"format", "date-time"}};
        if (name == "google.protobuf.Duration") return Json{{"type", "string"}, {"example", "1.5s"}};
        if (name == "google.protobuf.FieldMask") {
            return Json{{"type", "string"}, {"description", "Comma-separated field paths, e.g. \"body,visibility\""}};
        }
        if (name == "google.protobuf.Empty") return Json{{"type", "object"}};
        if (name == "google.protobuf.Struct") return Json{{"type", "object"}, {"additionalProperties", true}};
        if (name == "google.protobuf.Value") return Json::object();
        if (name.rfind("google.protobuf.", 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == "Value") {
            return scalarSchema(message->FindFieldByName("value"));
        }
        return std::nullopt;
    }

    // A message's schema. Fields the path binds (`excluded`, "a" or "a.b") are left out, so the
    // body shown in the docs never repeats what the URL says.
    Json messageSchema(const Descriptor* message, const std::set<std::string>& excluded, bool inlineIfNeeded = false) {
        if (inlineIfNeeded && excluded.empty()) return reference(message);
        Json properties = Json::object();
        for (int i = 0; i < message->field_count(); ++i) {
            const FieldDescriptor* field = message->field(i);
            if (excluded.contains(field->name())) continue;
            std::set<std::string> nested;
            const std::string prefix = field->name() + ".";
            for (const std::string& path : excluded) {
                if (path.rfind(prefix, 0) == 0) nested.insert(path.substr(prefix.size()));
            }
            Json schema = nested.empty() || field->type() != FieldDescriptor::TYPE_MESSAGE
                              ? fieldSchema(field)
                              : messageSchema(field->message_type(), nested, true);
            if (const std::string about = commentOf(field); !about.empty()) {
                // A $ref cannot carry a description in OpenAPI 3.0: wrap it.
                if (schema.contains("$ref")) schema = Json{{"allOf", Json::array({schema})}};
                schema["description"] = about;
            }
            properties[field->json_name()] = std::move(schema);
        }
        Json schema{{"type", "object"}};
        if (const std::string about = commentOf(message); !about.empty()) schema["description"] = about;
        schema["properties"] = std::move(properties);
        return schema;
    }

    Json enumSchema(const EnumDescriptor* type) {
        Json values = Json::array();
        for (int i = 0; i < type->value_count(); ++i) values.push_back(type->value(i)->name());
        Json schema{{"type", "string"}, {"enum", std::move(values)}};
        if (const std::string about = commentOf(type); !about.empty()) schema["description"] = about;
        return schema;
    }

    static Json scalarSchema(const FieldDescriptor* field) {
        switch (field->type()) {
            case FieldDescriptor::TYPE_STRING:
                return {{"type", "string"}};
            case FieldDescriptor::TYPE_BYTES:
                return {{"type", "string"}, {"format", "byte"}};
            case FieldDescriptor::TYPE_BOOL:
                return {{"type", "boolean"}};
            case FieldDescriptor::TYPE_DOUBLE:
                return {{"type", "number"}, {"format", "double"}};
            case FieldDescriptor::TYPE_FLOAT:
                return {{"type", "number"}, {"format", "float"}};
            case FieldDescriptor::TYPE_INT32:
            case FieldDescriptor::TYPE_SINT32:
            case FieldDescriptor::TYPE_SFIXED32:
                return {{"type", "integer"}, {"format", "int32"}};
            case FieldDescriptor::TYPE_UINT32:
            case FieldDescriptor::TYPE_FIXED32:
                return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
            // protobuf's JSON mapping writes 64-bit integers as strings.
            case FieldDescriptor::TYPE_INT64:
            case FieldDescriptor::TYPE_SINT64:
            case FieldDescriptor::TYPE_SFIXED64:
                return {{"type", "string"}, {"format", "int64"}};
            case FieldDescriptor::TYPE_UINT64:
            case FieldDescriptor::TYPE_FIXED64:
                return {{"type", "string"}, {"format", "uint64"}};
            default:
                return Json::object();
        }
    }

    Json fieldSchema(const FieldDescriptor* field) {
        if (field->is_map()) {
            return {{"type", "object"}, {"additionalProperties", fieldSchema(field->message_type()->map_value())}};
        }
        Json item;
        if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
            item = reference(field->message_type());
        } else if (field->type() == FieldDescriptor::TYPE_ENUM) {
            const EnumDescriptor* type = field->enum_type();
            if (!m_writtenEnums.contains(type)) {
                m_writtenEnums.insert(type);
                m_pendingEnums.insert(type);
            }
            item = ref(type->full_name());
        } else {
            item = scalarSchema(field);
        }
        if (field->is_repeated()) return {{"type", "array"}, {"items", std::move(item)}};
        return item;
    }

    std::set<const Descriptor*> m_written;
    std::set<const Descriptor*> m_pendingMessages;
    std::set<const EnumDescriptor*> m_writtenEnums;
    std::set<const EnumDescriptor*> m_pendingEnums;
};

bool writeFile(google::protobuf::compiler::GeneratorContext* context, const std::string& name,
               const std::string& text) {
    std::unique_ptr<google::protobuf::io::ZeroCopyOutputStream> out(context->Open(name));
    void* data = nullptr;
    int size = 0;
    std::size_t written = 0;
    while (written < text.size()) {
        if (!out->Next(&data, &size)) return false;
        const std::size_t n = std::min(static_cast<std::size_t>(size), text.size() - written);
        std::memcpy(data, text.data() + written, n);
        written += n;
        if (n < static_cast<std::size_t>(size)) out->BackUp(size - static_cast<int>(n));
    }
    return true;
}

}  // namespace

bool OpenApiGenerator::Generate(const google::protobuf::FileDescriptor* file, const std::string& parameter,
                                google::protobuf::compiler::GeneratorContext* context, std::string* error) const {
    return GenerateAll({file}, parameter, context, error);
}

bool OpenApiGenerator::GenerateAll(const std::vector<const google::protobuf::FileDescriptor*>& files,
                                   const std::string&, google::protobuf::compiler::GeneratorContext* context,
                                   std::string* error) const {
    std::vector<const ServiceDescriptor*> services;
    for (const auto* file : files) {
        for (int i = 0; i < file->service_count(); ++i) services.push_back(file->service(i));
    }
    const std::string document = DocumentBuilder().build(services).dump(2);
    // The delimiter of the raw string below must not occur in the document.
    constexpr std::string_view kDelimiter = ")devcoll_openapi\"";
    if (document.find(kDelimiter) != std::string::npos) {
        *error = "the OpenAPI document contains the raw string delimiter";
        return false;
    }
    const std::string source =
        "// Generated by protoc-gen-devcoll-openapi from proto/: do not edit.\n"
        "#include \"gateway/openapi_document.h\"\n\n"
        "namespace devcoll::gateway {\n\n"
        "std::string_view openApiDocument() {\n"
        "    return R\"devcoll_openapi(" +
        document + ")devcoll_openapi\";\n}\n\n}  // namespace devcoll::gateway\n";
    if (!writeFile(context, "openapi.json", document + "\n") || !writeFile(context, "openapi_document.cpp", source)) {
        *error = "cannot write the OpenAPI document";
        return false;
    }
    return true;
}

}  // namespace devcoll::gateway
