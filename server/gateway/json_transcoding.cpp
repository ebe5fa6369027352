#include "gateway/json_transcoding.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "devcoll/validation.h"
#include "gateway/path_template.h"

namespace devcoll::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

Error badRequest(std::string message) { return makeError(ErrorCode::InvalidArgument, std::move(message)); }

// A field by its proto name ("page_size") or its JSON name ("pageSize").
const FieldDescriptor* fieldNamed(const Descriptor* message, std::string_view name) {
    const std::string key(name);
    if (const FieldDescriptor* field = message->FindFieldByName(key)) return field;
    return message->FindFieldByCamelcaseName(key);
}

// Where the value of a field path goes in the request's JSON object, creating the nested
// objects on the way; the path's last field is returned through `leaf`.
Result<json*> slotFor(json& root, const Descriptor* message, std::string_view path, const FieldDescriptor** leaf,
                      std::string_view what) {
    json* node = &root;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        const std::string_view name = path.substr(start, dot == std::string_view::npos ? path.npos : dot - start);
        const FieldDescriptor* field = message ? fieldNamed(message, name) : nullptr;
        if (!field) return badRequest("unknown " + std::string(what) + " '" + std::string(path) + "'");
        if (!node->is_object())
            return badRequest(std::string(what) + " '" + std::string(path) + "' conflicts with the body");
        json& child = (*node)[field->json_name()];
        if (dot == std::string_view::npos) {
            *leaf = field;
            return &child;
        }
        if (field->is_repeated() || field->type() != FieldDescriptor::TYPE_MESSAGE) {
            return badRequest(std::string(what) + " '" + std::string(path) + "': '" + std::string(name) +
                              "' has no fields");
        }
        if (child.is_null()) child = json::object();
        node = &child;
        message = field->message_type();
        start = dot + 1;
    }
}

// A query or path value as the JSON value protobuf's parser takes for `field`: numbers, enums,
// timestamps and the like are accepted as strings; booleans must be true or false.
Result<json> scalarValue(const FieldDescriptor* field, const std::string& value, std::string_view name) {
    if (field->type() == FieldDescriptor::TYPE_BOOL) {
        if (value == "true") return json(true);
        if (value == "false") return json(false);
        return badRequest("'" + std::string(name) + "' must be true or false, not '" + value + "'");
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        const std::string& type = field->message_type()->full_name();
        // Well-known types with a string JSON form (Timestamp, Duration, FieldMask, wrappers).
        if (type.rfind("google.protobuf.", 0) != 0 || type == "google.protobuf.Struct" ||
            type == "google.protobuf.Any") {
            return badRequest("'" + std::string(name) + "' cannot be given in the query: send it in a body");
        }
    }
    return json(value);
}

Status addQuery(json& root, const Descriptor* message, std::string_view query) {
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        if (amp == std::string_view::npos) amp = query.size();
        const std::string_view pair = query.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        const auto key = percentDecode(pair.substr(0, eq), true);
        const auto value = percentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value || !isValidUtf8(*key) || !isValidUtf8(*value)) {
            return badRequest("the query string is not valid percent-encoded UTF-8");
        }
        const FieldDescriptor* field = nullptr;
        DEVCOLL_TRY(json * slot, slotFor(root, message, *key, &field, "query parameter"));
        DEVCOLL_TRY(json scalar, scalarValue(field, *value, *key));
        if (field->is_repeated()) {
            if (slot->is_null()) *slot = json::array();
            slot->push_back(std::move(scalar));
        } else {
            if (!slot->is_null()) return badRequest("query parameter '" + *key + "' is given twice");
            *slot = std::move(scalar);
        }
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<google::protobuf::Message>> requestMessage(
    const HttpRoute& route, const std::vector<std::pair<std::string, std::string>>& bindings, std::string_view query,
    std::string_view body) {
    const Descriptor* input = route.method->input_type();
    json root = json::object();
    if (route.body.empty()) {
        if (!body.empty()) return badRequest(route.verb + " " + route.path.text() + " takes no request body");
        DEVCOLL_CHECK(addQuery(root, input, query));
    } else {
        json parsed;
        try {
            parsed = json::parse(body.empty() ? std::string_view("{}") : body);
        } catch (const json::parse_error& e) {
            return badRequest(std::string("malformed JSON body: ") + e.what());
        }
        if (route.body == "*") {
            if (!parsed.is_object()) return badRequest("the JSON body must be an object");
            root = std::move(parsed);
            if (!query.empty()) {
                return badRequest(route.verb + " " + route.path.text() +
                                  " takes its fields in the body, not the query");
            }
        } else {
            root[input->FindFieldByName(route.body)->json_name()] = std::move(parsed);
            DEVCOLL_CHECK(addQuery(root, input, query));
        }
    }
    for (const auto& [path, value] : bindings) {
        const FieldDescriptor* field = nullptr;
        DEVCOLL_TRY(json * slot, slotFor(root, input, path, &field, "path variable"));
        DEVCOLL_TRY(json scalar, scalarValue(field, value, path));
        // The path names the resource: a body that names another one is refused, not overridden.
        if (!slot->is_null() && *slot != scalar) {
            return badRequest("'" + path + "' in the body differs from the path ('" + value + "')");
        }
        *slot = std::move(scalar);
    }

    std::string text;
    try {
        text = root.dump();
    } catch (const json::type_error& e) {
        return badRequest(std::string("the JSON body is not valid UTF-8: ") + e.what());
    }
    std::unique_ptr<google::protobuf::Message> message(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(input)->New());
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto parsed = google::protobuf::util::JsonStringToMessage(text, message.get(), options);
    if (!parsed.ok()) return badRequest("bad request: " + std::string(parsed.message()));
    return message;
}

std::string messageJson(const google::protobuf::Message& message) {
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    std::string out;
    // Printing a message of the generated pool cannot fail: there is no Any to resolve.
    (void)google::protobuf::util::MessageToJsonString(message, &out, options);
    return out;
}

}  // namespace devcoll::gateway
