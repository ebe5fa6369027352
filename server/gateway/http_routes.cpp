#include "gateway/http_routes.h"

#include <algorithm>

#include "google/api/annotations.pb.h"

namespace devcoll::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

// The field a path such as "post.id" names, walking nested messages; nullptr if there is none.
const FieldDescriptor* fieldAt(const google::protobuf::Descriptor* message, const std::string& path) {
    const FieldDescriptor* field = nullptr;
    std::size_t start = 0;
    while (message) {
        const std::size_t dot = path.find('.', start);
        field =
            message->FindFieldByName(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (!field || dot == std::string::npos) return field;
        if (field->is_repeated() || field->type() != FieldDescriptor::TYPE_MESSAGE) return nullptr;
        message = field->message_type();
        start = dot + 1;
    }
    return nullptr;
}

Result<HttpRoute> routeOf(const MethodDescriptor* method, const google::api::HttpRule& rule) {
    HttpRoute route;
    route.method = method;
    route.body = rule.body();
    std::string path;
    switch (rule.pattern_case()) {
        case google::api::HttpRule::kGet:
            route.verb = "GET", path = rule.get();
            break;
        case google::api::HttpRule::kPut:
            route.verb = "PUT", path = rule.put();
            break;
        case google::api::HttpRule::kPost:
            route.verb = "POST", path = rule.post();
            break;
        case google::api::HttpRule::kDelete:
            route.verb = "DELETE", path = rule.delete_();
            break;
        case google::api::HttpRule::kPatch:
            route.verb = "PATCH", path = rule.patch();
            break;
        default:
            return makeError(ErrorCode::InvalidArgument,
                             method->full_name() + ": only get, put, post, delete and patch rules are served");
    }
    auto parsed = PathTemplate::parse(path);
    if (!parsed.ok()) return makeError(ErrorCode::InvalidArgument, method->full_name() + ": " + parsed.error().message);
    route.path = std::move(parsed).value();
    for (const std::string& variable : route.path.variables()) {
        const FieldDescriptor* field = fieldAt(method->input_type(), variable);
        if (!field || field->is_repeated() || field->type() == FieldDescriptor::TYPE_MESSAGE) {
            return makeError(ErrorCode::InvalidArgument,
                             method->full_name() + ": path variable {" + variable + "} is not a scalar request field");
        }
    }
    if (!route.body.empty() && route.body != "*") {
        const FieldDescriptor* field = method->input_type()->FindFieldByName(route.body);
        if (!field) return makeError(ErrorCode::InvalidArgument, method->full_name() + ": no body field " + route.body);
    }
    if ((route.verb == "GET" || route.verb == "DELETE") && !route.body.empty()) {
        return makeError(ErrorCode::InvalidArgument, method->full_name() + ": GET and DELETE rules take no body");
    }
    return route;
}

}  // namespace

std::string HttpRoute::grpcMethodName() const { return "/" + method->service()->full_name() + "/" + method->name(); }

Result<RouteTable> RouteTable::fromServices(const std::vector<std::string>& serviceNames) {
    RouteTable table;
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const std::string& name : serviceNames) {
        const auto* service = pool->FindServiceByName(name);
        if (!service) return makeError(ErrorCode::Internal, "the gateway knows no service " + name);
        for (int i = 0; i < service->method_count(); ++i) {
            const MethodDescriptor* method = service->method(i);
            if (!method->options().HasExtension(google::api::http)) continue;
            const google::api::HttpRule& rule = method->options().GetExtension(google::api::http);
            DEVCOLL_TRY(HttpRoute route, routeOf(method, rule));
            table.m_routes.push_back(std::move(route));
            for (const google::api::HttpRule& extra : rule.additional_bindings()) {
                DEVCOLL_TRY(HttpRoute alternative, routeOf(method, extra));
                table.m_routes.push_back(std::move(alternative));
            }
        }
    }
    for (std::size_t i = 0; i < table.m_routes.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            const HttpRoute& a = table.m_routes[i];
            const HttpRoute& b = table.m_routes[j];
            if (a.verb == b.verb && a.path.text() == b.path.text()) {
                return makeError(ErrorCode::Internal, a.verb + " " + a.path.text() + " is bound twice (" +
                                                          a.method->full_name() + ", " + b.method->full_name() + ")");
            }
        }
    }
    return table;
}

std::optional<RouteTable::Match> RouteTable::find(std::string_view verb, std::string_view path) const {
    std::optional<Match> best;
    std::vector<bool> bestMask;
    for (const HttpRoute& route : m_routes) {
        if (route.verb != verb) continue;
        auto bindings = route.path.match(path);
        if (!bindings) continue;
        std::vector<bool> mask = route.path.literalMask();
        if (!best || mask > bestMask) {
            best = Match{&route, std::move(*bindings)};
            bestMask = std::move(mask);
        }
    }
    return best;
}

std::vector<std::string> RouteTable::verbsFor(std::string_view path) const {
    std::vector<std::string> verbs;
    for (const HttpRoute& route : m_routes) {
        if (route.path.match(path) && std::find(verbs.begin(), verbs.end(), route.verb) == verbs.end()) {
            verbs.push_back(route.verb);
        }
    }
    return verbs;
}

}  // namespace devcoll::gateway
