// The gateway's pieces on their own: path templates and their specificity, the route table
// read from proto/'s annotations, requests built from path, query and body, multipart forms,
// Range headers and the gRPC-to-HTTP status mapping.
#include <google/protobuf/util/json_util.h>

#include <QTest>

#include "devcoll/auth/v1/auth.pb.h"
#include "devcoll/media/v1/media.pb.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/search/v1/search.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "gateway/http_errors.h"
#include "gateway/http_routes.h"
#include "gateway/json_transcoding.h"
#include "gateway/media_transfer.h"
#include "gateway/multipart_form.h"
#include "gateway/path_template.h"

using namespace devcoll;
using namespace devcoll::gateway;

namespace {

const std::vector<std::string> kServices = {"devcoll.auth.v1.AuthService", "devcoll.user.v1.UserService",
                                            "devcoll.post.v1.PostService", "devcoll.media.v1.MediaService",
                                            "devcoll.search.v1.SearchService"};

const RouteTable& routes() {
    // A service's descriptors reach the generated pool when its .pb.cc is linked in: the
    // server links every service; this test names one message of each.
    for (const auto* d : {auth::v1::RegisterRequest::descriptor(), user::v1::GetUserRequest::descriptor(),
                          media::v1::GetMediaRequest::descriptor(), search::v1::SearchAllRequest::descriptor()}) {
        if (!d) qFatal("a service's descriptors are missing");
    }
    static const RouteTable table = [] {
        auto made = RouteTable::fromServices(kServices);
        if (!made.ok()) qFatal("route table: %s", made.error().message.c_str());
        return *std::move(made);
    }();
    return table;
}

// The request `verb path?query` with `body` would make, as JSON, or the error message.
std::string requestFor(std::string_view verb, std::string_view target, std::string_view body = {}) {
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
    const auto match = routes().find(verb, path);
    if (!match) return "no route";
    auto message = requestMessage(*match->route, match->bindings, query, body);
    if (!message.ok()) return "error: " + message.error().message;
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    (void)google::protobuf::util::MessageToJsonString(**message, &json, options);
    return json;
}

}  // namespace

class TestGatewayParts final : public QObject {
    Q_OBJECT

private slots:
    void pathTemplatesMatchWholeSegments() {
        const auto t = PathTemplate::parse("/api/v1/posts/{post_id}/comments");
        QVERIFY(t.ok());
        const auto bound = t->match("/api/v1/posts/abc/comments");
        QVERIFY(bound && bound->size() == 1);
        QCOMPARE((*bound)[0].first, std::string("post_id"));
        QCOMPARE((*bound)[0].second, std::string("abc"));
        QVERIFY(!t->match("/api/v1/posts/abc"));
        QVERIFY(!t->match("/api/v1/posts/abc/comments/x"));
        QVERIFY(!t->match("/api/v1/posts//comments"));  // an empty segment binds nothing
        QCOMPARE((*PathTemplate::parse("/a/{b}")->match("/a/x%20y"))[0].second, std::string("x y"));
        QVERIFY(!PathTemplate::parse("/a/{b}")->match("/a/%FF"));  // not UTF-8
        QCOMPARE((*PathTemplate::parse("/a/{post.id}")->match("/a/7"))[0].first, std::string("post.id"));
        // What the gateway does not serve is refused when it starts, not half-served.
        for (const char* unsupported : {"/a/*", "/a/{name=users/*}", "/a/{b}:verb", "a/b", "/a/{}"}) {
            QVERIFY2(!PathTemplate::parse(unsupported).ok(), unsupported);
        }
    }

    void percentDecoding() {
        QCOMPARE(*percentDecode("a%2Fb", false), std::string("a/b"));
        QCOMPARE(*percentDecode("a+b", true), std::string("a b"));
        QCOMPARE(*percentDecode("a+b", false), std::string("a+b"));
        QVERIFY(!percentDecode("%G1", false));
        QVERIFY(!percentDecode("%4", false));
    }

    void theRouteTableComesFromTheAnnotations() {
        QVERIFY(routes().routes().size() >= 30);
        // The literal segment wins over a variable, whichever was declared first.
        const auto byName = routes().find("GET", "/api/v1/users/by-username/ada");
        QVERIFY(byName);
        QCOMPARE(byName->route->grpcMethodName(), std::string("/devcoll.user.v1.UserService/GetUserByUsername"));
        const auto posts = routes().find("GET", "/api/v1/users/u1/posts");
        QVERIFY(posts);
        QCOMPARE(posts->route->grpcMethodName(), std::string("/devcoll.post.v1.PostService/ListUserPosts"));
        QVERIFY(!routes().find("PUT", "/api/v1/feed"));
        std::vector<std::string> verbs = routes().verbsFor("/api/v1/posts/p1");
        std::sort(verbs.begin(), verbs.end());
        QCOMPARE(verbs, (std::vector<std::string>{"DELETE", "GET", "PATCH"}));
        QVERIFY(routes().verbsFor("/api/v1/nowhere").empty());
        // Internal calls have no route.
        for (const auto& route : routes().routes()) {
            const std::string name = route.method->name();
            QVERIFY2(name != "ValidateToken" && name != "GrantRole" && name != "ListAllPosts", name.c_str());
        }
        QVERIFY(!RouteTable::fromServices({"devcoll.nope.v1.NopeService"}).ok());
    }

    void requestsAreBuiltFromPathQueryAndBody() {
        QCOMPARE(requestFor("GET", "/api/v1/posts/p1"), std::string("{\"postId\":\"p1\"}"));
        QCOMPARE(requestFor("GET", "/api/v1/users/u1/posts?pageSize=5&page_token=t"),
                 std::string("{\"userId\":\"u1\",\"pageSize\":5,\"pageToken\":\"t\"}"));
        QCOMPARE(requestFor("GET", "/api/v1/search/posts?query=a+b%21&hasMedia=true"),
                 std::string("{\"query\":\"a b!\",\"hasMedia\":true}"));
        QCOMPARE(requestFor("PATCH", "/api/v1/posts/p1", "{\"post\":{\"body\":\"x\"},\"updateMask\":\"body\"}"),
                 std::string("{\"post\":{\"id\":\"p1\",\"body\":\"x\"},\"updateMask\":\"body\"}"));
        QCOMPARE(requestFor("POST", "/api/v1/posts/p1/comments", "{\"body\":\"hi\"}"),
                 std::string("{\"postId\":\"p1\",\"body\":\"hi\"}"));
        QCOMPARE(requestFor("POST", "/api/v1/posts/p1/like"), std::string("{\"postId\":\"p1\"}"));
        // The same value in path and body is fine; a different one is not.
        QCOMPARE(requestFor("PATCH", "/api/v1/posts/p1", "{\"post\":{\"id\":\"p1\"}}"),
                 std::string("{\"post\":{\"id\":\"p1\"}}"));
        QVERIFY(requestFor("PATCH", "/api/v1/posts/p1", "{\"post\":{\"id\":\"p2\"}}").find("differs from the path") !=
                std::string::npos);
    }

    void badRequestsNameTheirProblem() {
        const auto error = [](std::string_view verb, std::string_view target, std::string_view body = {}) {
            return requestFor(verb, target, body);
        };
        QVERIFY(error("POST", "/api/v1/posts", "{\"body\": ").find("malformed JSON body") != std::string::npos);
        QVERIFY(error("POST", "/api/v1/posts", "[]").find("must be an object") != std::string::npos);
        QVERIFY(error("POST", "/api/v1/posts", "{\"bdy\": \"x\"}").find("bdy") != std::string::npos);
        QVERIFY(error("POST", "/api/v1/posts", "{\"body\": 7}").starts_with("error:"));
        QVERIFY(error("POST", "/api/v1/posts", "{\"body\": \"\xff\"}").find("UTF-8") != std::string::npos);
        QVERIFY(error("GET", "/api/v1/feed?pageSize=x").starts_with("error:"));
        QVERIFY(error("GET", "/api/v1/feed?nope=1").find("nope") != std::string::npos);
        QVERIFY(error("GET", "/api/v1/feed?pageSize=1&pageSize=2").find("given twice") != std::string::npos);
        QVERIFY(error("GET", "/api/v1/feed?pageToken=%ZZ").find("percent-encoded") != std::string::npos);
        QVERIFY(error("GET", "/api/v1/feed", "{}").find("takes no request body") != std::string::npos);
        QVERIFY(error("POST", "/api/v1/posts?body=x").find("not the query") != std::string::npos);
        QVERIFY(error("GET", "/api/v1/search/posts?hasMedia=maybe").find("true or false") != std::string::npos);
    }

    void responsesUseProtobufJsonNames() {
        post::v1::Post post;
        post.set_id("p1");
        post.set_like_count(3);
        const std::string json = messageJson(post);
        QVERIFY2(json.find("\"likeCount\":\"3\"") != std::string::npos, json.c_str());
        QVERIFY2(json.find("\"commentCount\":\"0\"") != std::string::npos, json.c_str());  // defaults included
        QVERIFY2(json.find("\"visibility\":\"VISIBILITY_UNSPECIFIED\"") != std::string::npos, json.c_str());
    }

    void multipartForms() {
        const std::string body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"media_id\"\r\n\r\nm1\r\n"
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.png\"\r\n"
            "Content-Type: image/png\r\n\r\n\x89PNG\r\n\r\nbytes\r\n--XyZ--\r\n";
        QCOMPARE(*formBoundary("multipart/form-data; boundary=XyZ"), std::string("XyZ"));
        QCOMPARE(*formBoundary("multipart/form-data; boundary=\"XyZ\""), std::string("XyZ"));
        QVERIFY(!formBoundary("application/json"));
        const auto parts = parseMultipartForm(body, "XyZ");
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), std::size_t{2});
        QCOMPARE((*parts)[1].fileName, std::string("a b.png"));
        QCOMPARE((*parts)[1].contentType, std::string("image/png"));
        QCOMPARE(std::string((*parts)[1].data), std::string("\x89PNG\r\n\r\nbytes"));

        const auto form = uploadFormOf("multipart/form-data; boundary=XyZ", body);
        QVERIFY(form.ok());
        QCOMPARE(form->mediaId, std::string("m1"));
        QCOMPARE(form->fileName, std::string("a b.png"));
        QVERIFY(!uploadFormOf("application/json", body).ok());
        QVERIFY(!parseMultipartForm(body.substr(0, body.size() - 9), "XyZ").ok());  // no closing boundary
        QVERIFY(!parseMultipartForm("garbage", "XyZ").ok());
        const auto noFile =
            uploadFormOf("multipart/form-data; boundary=XyZ",
                         "--XyZ\r\nContent-Disposition: form-data; name=\"media_id\"\r\n\r\n1\r\n--XyZ--\r\n");
        QVERIFY(!noFile.ok() && noFile.error().message.find("'file'") != std::string::npos);
        const auto stray = uploadFormOf("multipart/form-data; boundary=XyZ",
                                        "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--XyZ--\r\n");
        QVERIFY(!stray.ok() && stray.error().message.find("unknown form field 'x'") != std::string::npos);
        std::string many;
        for (int i = 0; i < 20; ++i) many += "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n1\r\n";
        QVERIFY(!parseMultipartForm(many + "--XyZ--\r\n", "XyZ").ok());
    }

    void rangeHeaders() {
        QVERIFY(!parseRange("")->has_value());
        const auto both = *parseRange("bytes=10-19");
        QVERIFY(both && both->first == 10 && both->last == 19);
        const auto open = *parseRange("bytes=10-");
        QVERIFY(open && open->first == 10 && !open->last);
        const auto suffix = *parseRange("bytes=-5");
        QVERIFY(suffix && suffix->suffix == 5);
        QVERIFY(!parseRange("bytes=0-1,5-6")->has_value());  // several ranges: the whole file
        QVERIFY(!parseRange("items=0-1")->has_value());
        for (const char* bad : {"bytes=", "bytes=a-b", "bytes=9-2", "bytes=-", "bytes=-0"}) {
            QVERIFY2(!parseRange(bad).ok(), bad);
        }
    }

    void statusesMapAsGooglesApisDo() {
        using C = grpc::StatusCode;
        const std::pair<C, int> table[] = {
            {C::OK, 200},
            {C::CANCELLED, 499},
            {C::UNKNOWN, 500},
            {C::INVALID_ARGUMENT, 400},
            {C::DEADLINE_EXCEEDED, 504},
            {C::NOT_FOUND, 404},
            {C::ALREADY_EXISTS, 409},
            {C::PERMISSION_DENIED, 403},
            {C::RESOURCE_EXHAUSTED, 429},
            {C::FAILED_PRECONDITION, 400},
            {C::ABORTED, 409},
            {C::OUT_OF_RANGE, 400},
            {C::UNIMPLEMENTED, 501},
            {C::INTERNAL, 500},
            {C::UNAVAILABLE, 503},
            {C::DATA_LOSS, 500},
            {C::UNAUTHENTICATED, 401},
        };
        for (const auto& [code, status] : table) QCOMPARE(httpStatusOf(code), status);
        const std::string body = errorJson(C::RESOURCE_EXHAUSTED, "slow down", {{"retry-after-seconds", "7"}});
        QVERIFY2(body.find("\"code\":8") != std::string::npos, body.c_str());
        QVERIFY2(body.find("\"retry-after-seconds\":\"7\"") != std::string::npos, body.c_str());
        QVERIFY2(body.find("google.rpc.ErrorInfo") != std::string::npos, body.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGatewayParts)
#include "tst_gateway_parts.moc"
