// The HTTP gateway's behaviour around the routes: gRPC status codes mapped to HTTP statuses
// with a {code, message, details} body, bad bodies (malformed JSON, unknown fields, oversize)
// refused before anything changes, unknown paths and verbs, CORS, keep-alive, rate limits
// shared with the gRPC side, the OpenAPI document and Swagger UI's files.
#include <QTcpSocket>
#include <QTest>

#include "devcoll/ids.h"
#include "gateway/http_routes.h"
#include "server/gateway/gateway_config.h"
#include "server/gateway/http_client.h"

using namespace devcoll;
using namespace devcoll::test;
using nlohmann::json;

namespace {

// "/api/v1/posts/{post.id}" as the OpenAPI document names it: "/api/v1/posts/{post_id}".
std::string openApiPath(const std::string& templ) {
    std::string path = templ;
    bool inVariable = false;
    for (char& c : path) {
        if (c == '{') inVariable = true;
        if (c == '}') inVariable = false;
        if (inVariable && c == '.') c = '_';
    }
    return path;
}

}  // namespace

class TestHttpGateway final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    TestUser m_ada;
    TestUser m_bob;

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>(gatewayConfig());
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_http = std::make_unique<HttpClient>(m_server->server().httpPort());
        m_ada = m_server->newUser("gw_ada");
        m_bob = m_server->newUser("gw_bob");
        QVERIFY(!m_ada.accessToken.empty() && !m_bob.accessToken.empty());
    }

    void errorsMapAsGooglesApisDo() {
        const std::string bobsPost = m_server->createPost(m_bob, "bob's").id();
        QVERIFY(!bobsPost.empty());
        struct Case final {
            const char* what;
            HttpReply reply;
            int httpStatus;
            grpc::StatusCode code;
        };
        const Case cases[] = {
            {"no such post", m_http->get(QString::fromStdString("/api/v1/posts/" + newUuidV7()), m_ada.accessToken),
             404, grpc::StatusCode::NOT_FOUND},
            {"no token", m_http->get("/api/v1/feed"), 401, grpc::StatusCode::UNAUTHENTICATED},
            {"a bad token", m_http->get("/api/v1/feed", "not-a-token"), 401, grpc::StatusCode::UNAUTHENTICATED},
            {"an empty post", m_http->post("/api/v1/posts", {{"body", ""}}, m_ada.accessToken), 400,
             grpc::StatusCode::INVALID_ARGUMENT},
            {"a taken username",
             m_http->post("/api/v1/auth/register",
                          {{"username", m_ada.username}, {"email", "other@example.org"}, {"password", "password-123"}}),
             409, grpc::StatusCode::ALREADY_EXISTS},
            {"someone else's post",
             m_http->send("DELETE", QString::fromStdString("/api/v1/posts/" + bobsPost), {}, {}, m_ada.accessToken),
             403, grpc::StatusCode::PERMISSION_DENIED},
            {"a stale version",
             m_http->send(
                 "PATCH", QString::fromStdString("/api/v1/posts/" + bobsPost),
                 QByteArray::fromStdString(
                     json{{"post", {{"body", "late"}}}, {"updateMask", "body"}, {"expectedVersion", "7"}}.dump()),
                 "application/json", m_bob.accessToken),
             400, grpc::StatusCode::FAILED_PRECONDITION},
        };
        for (const Case& c : cases) {
            QVERIFY2(c.reply.status == c.httpStatus,
                     qPrintable(QString::fromLatin1(c.what) + ": " + c.reply.describe()));
            const json body = c.reply.json();
            QVERIFY2(body.is_object() && body["code"] == static_cast<int>(c.code) && body["message"].is_string() &&
                         !body["message"].get<std::string>().empty() && body["details"].is_array(),
                     qPrintable(QString::fromLatin1(c.what) + ": " + c.reply.describe()));
            QVERIFY(!c.reply.header("X-Request-Id").isEmpty());
        }
        // The stale version's details carry the current one, as the gRPC trailers do.
        const HttpReply stale = cases[6].reply;
        DEVCOLL_COMPARE_JSON(stale.json()["details"][0]["metadata"]["current-version"], json("1"));
    }

    void tooManyCallsAnswer429WithRetryAfter() {
        Config config = gatewayConfig();
        config.rateLimits.failedLoginsPerAccount = 2;
        TestServer strict(config);
        QVERIFY2(strict.ok(), qPrintable(strict.error()));
        HttpClient http(strict.server().httpPort());
        const TestUser cy = strict.newUser("gw_cy");
        DEVCOLL_EXPECT_STATUS(http.post("/api/v1/auth/login", {{"login", cy.username}, {"password", "wrong-password"}}),
                              401);
        HttpReply limited;
        for (int i = 0; i < 3 && limited.status != 429; ++i) {
            limited = http.post("/api/v1/auth/login", {{"login", cy.username}, {"password", "wrong-password"}});
        }
        DEVCOLL_EXPECT_STATUS(limited, 429);
        DEVCOLL_COMPARE_JSON(limited.json()["code"], json(static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED)));
        bool ok = false;
        QVERIFY(limited.header("Retry-After").toInt(&ok) > 0 && ok);
        DEVCOLL_COMPARE_JSON(limited.json()["details"][0]["metadata"]["retry-after-seconds"],
                             json(limited.header("Retry-After").toStdString()));
    }

    void theCallLimitIsSharedWithGrpc() {
        Config config = gatewayConfig();
        config.rateLimits.callsPerAddress = 6;  // anonymous calls, per address
        TestServer limited(config);
        QVERIFY2(limited.ok(), qPrintable(limited.error()));
        HttpClient http(limited.server().httpPort());
        // Calls without a token count against their address, 127.0.0.1: three over gRPC, three
        // over HTTP, and the seventh is refused on either side.
        for (int i = 0; i < 3; ++i) {
            DEVCOLL_COMPARE_CODE(limited.callJson("devcoll.post.v1.PostService.GetFeed", "{}"),
                                 grpc::StatusCode::UNAUTHENTICATED);
            DEVCOLL_EXPECT_STATUS(http.get("/api/v1/feed"), 401);
        }
        const HttpReply refused = http.get("/api/v1/feed");
        DEVCOLL_EXPECT_STATUS(refused, 429);
        QVERIFY(refused.header("Retry-After").toInt() > 0);
        DEVCOLL_COMPARE_CODE(limited.callJson("devcoll.post.v1.PostService.GetFeed", "{}"),
                             grpc::StatusCode::RESOURCE_EXHAUSTED);
    }

    void malformedJsonIsRefusedNamingTheProblem() {
        const std::int64_t before = m_server->rowCount("post", {"posts"});
        const HttpReply truncated =
            m_http->send("POST", "/api/v1/posts", "{\"body\": \"half", "application/json", m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(truncated, 400);
        DEVCOLL_COMPARE_JSON(truncated.json()["code"], json(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT)));
        QVERIFY2(truncated.json()["message"].get<std::string>().find("JSON") != std::string::npos,
                 qPrintable(truncated.describe()));

        const HttpReply unknownField =
            m_http->post("/api/v1/posts", {{"body", "hi"}, {"visibilty", "VISIBILITY_PUBLIC"}}, m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(unknownField, 400);
        QVERIFY2(unknownField.json()["message"].get<std::string>().find("visibilty") != std::string::npos,
                 qPrintable(unknownField.describe()));

        const HttpReply badEnum =
            m_http->post("/api/v1/posts", {{"body", "hi"}, {"visibility", "VISIBILITY_SECRET"}}, m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(badEnum, 400);
        const HttpReply wrongType = m_http->post("/api/v1/posts", {{"body", 42}}, m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(wrongType, 400);
        const HttpReply notAnObject =
            m_http->send("POST", "/api/v1/posts", "[1, 2]", "application/json", m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(notAnObject, 400);

        // A path value that the body contradicts.
        const std::string id = m_server->createPost(m_ada, "mine").id();
        const HttpReply contradicted = m_http->send("PATCH", QString::fromStdString("/api/v1/posts/" + id),
                                                    QByteArray::fromStdString(json{
                                                        {"post", {{"id", newUuidV7()}, {"body", "x"}}},
                                                        {"updateMask", "body"},
                                                        {"expectedVersion", "1"}}.dump()),
                                                    "application/json", m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(contradicted, 400);
        QCOMPARE(m_server->rowCount("post", {"posts"}), before + 1);  // only "mine"
    }

    void anOversizeBodyIs413AndChangesNothing() {
        const std::int64_t before = m_server->rowCount("post", {"posts"});
        const std::string huge(65 * 1024, 'x');
        const HttpReply reply = m_http->post("/api/v1/posts", {{"body", huge}}, m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(reply, 413);
        DEVCOLL_COMPARE_JSON(reply.json()["code"], json(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT)));
        QVERIFY2(reply.json()["message"].get<std::string>().find("65536 bytes") != std::string::npos,
                 qPrintable(reply.describe()));
        QCOMPARE(m_server->rowCount("post", {"posts"}), before);
        // The server is fine afterwards.
        DEVCOLL_EXPECT_STATUS(m_http->get("/api/v1/feed", m_ada.accessToken), 200);
    }

    void unknownPathsAndVerbs() {
        const HttpReply nowhere = m_http->get("/api/v1/nowhere", m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(nowhere, 404);
        DEVCOLL_COMPARE_JSON(nowhere.json()["code"], json(static_cast<int>(grpc::StatusCode::NOT_FOUND)));
        const HttpReply wrongVerb = m_http->send("PUT", "/api/v1/feed", "{}", "application/json", m_ada.accessToken);
        DEVCOLL_EXPECT_STATUS(wrongVerb, 405);
        QCOMPARE(wrongVerb.header("Allow"), QByteArray("GET, OPTIONS"));
        DEVCOLL_COMPARE_JSON(wrongVerb.json()["code"], json(static_cast<int>(grpc::StatusCode::UNIMPLEMENTED)));
        // Percent-escapes in path segments are decoded.
        QByteArray escaped = QByteArray::fromStdString(m_bob.username).toPercentEncoding("", "_");
        DEVCOLL_EXPECT_STATUS(
            m_http->get(QStringLiteral("/api/v1/users/by-username/") + QString::fromLatin1(escaped), m_ada.accessToken),
            200);
    }

    void corsFollowsTheAllowList() {
        const HttpClient::Headers preflight = {{"Origin", "https://app.example.org"},
                                               {"Access-Control-Request-Method", "POST"},
                                               {"Access-Control-Request-Headers", "authorization, content-type"}};
        const HttpReply allowed = m_http->send("OPTIONS", "/api/v1/posts", {}, {}, {}, preflight);
        DEVCOLL_EXPECT_STATUS(allowed, 204);
        QCOMPARE(allowed.header("Access-Control-Allow-Origin"), QByteArray("https://app.example.org"));
        QVERIFY(allowed.header("Access-Control-Allow-Methods").contains("POST"));
        QVERIFY(allowed.header("Access-Control-Allow-Headers").toLower().contains("authorization"));
        QVERIFY(allowed.header("Access-Control-Max-Age").toInt() > 0);

        const HttpReply call = m_http->get("/api/v1/feed", m_ada.accessToken, {{"Origin", "https://app.example.org"}});
        DEVCOLL_EXPECT_STATUS(call, 200);
        QCOMPARE(call.header("Access-Control-Allow-Origin"), QByteArray("https://app.example.org"));
        QVERIFY(call.header("Vary").contains("Origin"));

        const HttpClient::Headers stranger = {{"Origin", "https://evil.example.com"},
                                              {"Access-Control-Request-Method", "POST"}};
        const HttpReply refused = m_http->send("OPTIONS", "/api/v1/posts", {}, {}, {}, stranger);
        DEVCOLL_EXPECT_STATUS(refused, 403);
        QVERIFY(refused.header("Access-Control-Allow-Origin").isEmpty());
        const HttpReply refusedCall =
            m_http->get("/api/v1/feed", m_ada.accessToken, {{"Origin", "https://evil.example.com"}});
        DEVCOLL_EXPECT_STATUS(refusedCall, 403);
        // A page of this server's own (Swagger UI) calls from the same origin.
        const QByteArray own = "http://127.0.0.1:" + QByteArray::number(m_server->server().httpPort());
        DEVCOLL_EXPECT_STATUS(m_http->get("/api/v1/feed", m_ada.accessToken, {{"Origin", own}}), 200);
        // Without an Origin (curl, scripts) CORS does not apply.
        DEVCOLL_EXPECT_STATUS(m_http->get("/api/v1/feed", m_ada.accessToken), 200);
    }

    void oneConnectionServesManyRequests() {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(m_server->server().httpPort()));
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray request = "GET /api/v1/feed HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                                   QByteArray::fromStdString(m_ada.accessToken) + "\r\n\r\n";
        for (int i = 0; i < 3; ++i) {
            socket.write(request);
            QByteArray answer;
            // Read one whole response: headers, then Content-Length bytes.
            qsizetype headerEnd = -1;
            qsizetype length = -1;
            while (length < 0 || answer.size() < headerEnd + 4 + length) {
                QVERIFY2(socket.state() == QAbstractSocket::ConnectedState || socket.bytesAvailable() > 0,
                         "the server closed the connection");
                if (!socket.bytesAvailable()) QVERIFY(socket.waitForReadyRead(5000));
                answer += socket.readAll();
                headerEnd = answer.indexOf("\r\n\r\n");
                if (headerEnd >= 0 && length < 0) {
                    const qsizetype at = answer.toLower().indexOf("content-length:");
                    QVERIFY(at >= 0 && at < headerEnd);
                    length = answer.mid(at + 15, answer.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
                }
            }
            QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(200).constData());
            QCOMPARE(answer.size(), headerEnd + 4 + length);
        }
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void theOpenApiDocumentDescribesEveryRoute() {
        const HttpReply reply = m_http->get("/openapi.json");
        DEVCOLL_EXPECT_STATUS(reply, 200);
        const json document = reply.json();
        QVERIFY(document.is_object());
        DEVCOLL_COMPARE_JSON(document["openapi"], json("3.0.3"));
        std::vector<std::string> services;
        for (const char* s : {"auth.v1.AuthService", "user.v1.UserService", "post.v1.PostService",
                              "media.v1.MediaService", "search.v1.SearchService"}) {
            services.push_back(std::string("devcoll.") + s);
        }
        auto table = gateway::RouteTable::fromServices(services);
        QVERIFY(table.ok());
        QVERIFY(table->routes().size() >= 30);
        for (const gateway::HttpRoute& route : table->routes()) {
            const std::string path = openApiPath(route.path.text());
            std::string verb = route.verb;
            std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::tolower(c); });
            QVERIFY2(document["paths"].contains(path) && document["paths"][path].contains(verb),
                     (route.verb + " " + path).c_str());
            const json& operation = document["paths"][path][verb];
            QVERIFY2(operation.contains("operationId") && operation["responses"].contains("200"),
                     (route.verb + " " + path).c_str());
        }
        // Schemas carry the JSON names.
        QVERIFY(document["components"]["schemas"]["post.v1.Post"]["properties"].contains("likeCount"));
    }

    void swaggerUiIsServedLocally() {
        const HttpReply root = m_http->get("/docs");
        DEVCOLL_EXPECT_STATUS(root, 302);
        QCOMPARE(root.header("Location"), QByteArray("/docs/"));
        const HttpReply page = m_http->get("/docs/");
        DEVCOLL_EXPECT_STATUS(page, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains("swagger-ui"));
        QVERIFY(!page.body.contains("https://"));  // nothing from a CDN
        const HttpReply bundle = m_http->get("/docs/swagger-ui-bundle.js");
        DEVCOLL_EXPECT_STATUS(bundle, 200);
        QVERIFY(bundle.body.size() > 100'000);
        const HttpReply initializer = m_http->get("/docs/swagger-initializer.js");
        DEVCOLL_EXPECT_STATUS(initializer, 200);
        QVERIFY(initializer.body.contains("/openapi.json"));
        DEVCOLL_EXPECT_STATUS(m_http->get("/docs/no-such-file.js"), 404);
    }
};

QTEST_GUILESS_MAIN(TestHttpGateway)
#include "tst_http_gateway.moc"
