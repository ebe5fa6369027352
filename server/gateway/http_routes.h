#pragma once
// RouteTable: the gateway's REST routes, read from the google.api.http annotations of the
// services' methods in protobuf's generated descriptor pool. Nothing here is written per
// route: a method gets a route by carrying an annotation in proto/.
#include <google/protobuf/descriptor.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devcoll/result.h"
#include "gateway/path_template.h"

namespace devcoll::gateway {

struct HttpRoute final {
    std::string verb;  // GET, POST, PUT, PATCH or DELETE
    PathTemplate path;
    std::string body;  // "" (no body), "*" (the whole request) or the request field it fills
    const google::protobuf::MethodDescriptor* method = nullptr;

    // "/devcoll.post.v1.PostService/GetPost", as gRPC names it.
    std::string grpcMethodName() const;
};

class RouteTable final {
public:
    // Every annotated method of the named services ("devcoll.post.v1.PostService"). A service
    // missing from the pool, or a rule the gateway cannot serve, is an error.
    static Result<RouteTable> fromServices(const std::vector<std::string>& serviceNames);

    struct Match final {
        const HttpRoute* route = nullptr;
        std::vector<std::pair<std::string, std::string>> bindings;  // field path -> value
    };
    // The most specific route for `verb` and `path`.
    std::optional<Match> find(std::string_view verb, std::string_view path) const;
    // The verbs `path` has routes for (for 405's Allow and CORS preflights); empty: none.
    std::vector<std::string> verbsFor(std::string_view path) const;

    const std::vector<HttpRoute>& routes() const { return m_routes; }

private:
    std::vector<HttpRoute> m_routes;
};

}  // namespace devcoll::gateway
