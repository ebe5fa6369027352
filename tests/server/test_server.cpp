#include "server/test_server.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <QTest>

#include <future>

#include "devcoll/ids.h"
#include "platform/logging.h"
#include "platform/security/access_token.h"
#include "platform/security/key_store.h"

namespace devcoll::test {

Config TestServer::defaultConfig() {
    Config c;
    c.listen = "127.0.0.1:0";
    c.workers = 4;
    c.logLevel = "warn";
    c.rateLimits.failedLoginsPerAccount = 1'000'000;
    c.rateLimits.failedLoginsPerAddress = 1'000'000;
    c.rateLimits.registrationsPerAddress = 1'000'000;
    c.rateLimits.resetRequestsPerAddress = 1'000'000;
    c.rateLimits.callsPerAccount = 0;  // unlimited; tst_rate_limits sets its own
    c.rateLimits.callsPerAddress = 0;
    c.eventMaxAttempts = 3;
    c.media.sweepInterval = std::chrono::milliseconds(100);
    c.suspensionSweepInterval = std::chrono::milliseconds(200);
    return c;
}

TestServer::TestServer(Config config) : TestServer(std::move(config), true) {}

TestServer::TestServer(Config config, bool startNow) : m_config(std::move(config)) {
    setupLogging("text", m_config.logLevel);
    m_config.dataDir = m_dir.path().toStdString();
    const QByteArray backend = qgetenv("DEVCOLL_TEST_BACKEND");
    if (backend == "postgres") {
        const QByteArray url = qgetenv("DEVCOLL_TEST_DATABASE_URL");
        if (url.isEmpty()) {
            m_error = "DEVCOLL_TEST_BACKEND=postgres needs DEVCOLL_TEST_DATABASE_URL (scripts/test sets both)";
            return;
        }
        m_config.databaseUrl = url.toStdString();
        // A fresh set of schemas per server keeps tests apart in one database.
        m_config.schemaPrefix = "t" + randomHex(6) + "_";
    }
    if (startNow) start();
}

TestServer::~TestServer() {
    if (m_server) m_server->shutdown();
}

bool TestServer::postgres() const { return !m_config.databaseUrl.empty(); }

std::string TestServer::address() const { return "127.0.0.1:" + std::to_string(m_server->port()); }

bool TestServer::start() {
    auto started = DevcollServer::start(m_config);
    if (!started.ok()) {
        m_error = QString::fromStdString(started.error().message);
        return false;
    }
    m_server = std::move(started).value();
    // A restart listens where this one does, so that clients' channels reconnect to it.
    m_config.listen = address();
    if (m_channel) {
        // The channel may be waiting out its backoff from while the server was away: the
        // test's own calls go at once.
        grpc::experimental::ChannelResetConnectionBackoff(m_channel.get());
        return m_channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
    }
    m_channel = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
    m_auth = auth::v1::AuthService::NewStub(m_channel);
    m_users = user::v1::UserService::NewStub(m_channel);
    m_posts = post::v1::PostService::NewStub(m_channel);
    m_media = media::v1::MediaService::NewStub(m_channel);
    return true;
}

bool TestServer::restart() {
    stop();
    return start();
}

void TestServer::stop() {
    if (m_server) m_server->shutdown();
    m_server.reset();
}

TestUser TestServer::registerUser(const std::string& prefix) {
    TestUser u;
    u.username = prefix + "_" + randomHex(3) + "_" + std::to_string(++m_counter);
    u.email = u.username + "@example.com";
    u.password = "password-123";
    auth::v1::RegisterRequest request;
    request.set_username(u.username);
    request.set_email(u.email);
    request.set_password(u.password);
    request.set_device_name("test");
    auth::v1::RegisterResponse response;
    const grpc::Status status = m_auth->Register(anonymous().get(), request, &response);
    if (!status.ok()) {
        qWarning("register %s failed: %s", u.username.c_str(), qPrintable(describe(status)));
        return u;
    }
    u.id = response.user().id();
    u.accessToken = response.access_token();
    u.refreshToken = response.refresh_token();
    u.sessionId = response.session_id();
    return u;
}

bool TestServer::waitForProfile(const TestUser& user) {
    return QTest::qWaitFor(
        [&] {
            user::v1::GetUserRequest request;
            request.set_user_id(user.id);
            user::v1::GetUserResponse response;
            return m_users->GetUser(as(user).get(), request, &response).ok();
        },
        5000);
}

TestUser TestServer::newUser(const std::string& prefix) {
    TestUser u = registerUser(prefix);
    if (!waitForProfile(u)) qWarning("the profile of %s did not appear", u.username.c_str());
    return u;
}

post::v1::Post TestServer::createPost(const TestUser& as, const std::string& body, post::v1::Visibility visibility) {
    post::v1::CreatePostRequest req;
    req.set_body(body);
    req.set_visibility(visibility);
    post::v1::CreatePostResponse resp;
    const grpc::Status status = m_posts->CreatePost(TestServer::as(as).get(), req, &resp);
    if (!status.ok()) qWarning("CreatePost: %s", qPrintable(describe(status)));
    return resp.post();
}

bool TestServer::follow(const TestUser& who, const TestUser& whom) {
    user::v1::FollowRequest req;
    req.set_user_id(whom.id);
    user::v1::FollowResponse resp;
    return m_users->Follow(as(who).get(), req, &resp).ok();
}

bool TestServer::unfollow(const TestUser& who, const TestUser& whom) {
    user::v1::UnfollowRequest req;
    req.set_user_id(whom.id);
    user::v1::UnfollowResponse resp;
    return m_users->Unfollow(as(who).get(), req, &resp).ok();
}

std::unique_ptr<grpc::ClientContext> TestServer::as(const TestUser& user) {
    auto ctx = anonymous();
    ctx->AddMetadata("authorization", "Bearer " + user.accessToken);
    return ctx;
}

std::unique_ptr<grpc::ClientContext> TestServer::anonymous() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
}

grpc::Status TestServer::callJson(const std::string& method, const std::string& json, const TestUser* user) {
    const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(method);
    if (!descriptor) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "test: no method " + method);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor->input_type())->New());
    const auto parsed = google::protobuf::util::JsonStringToMessage(json, request.get());
    if (!parsed.ok()) return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "test: bad JSON " + json);
    std::string bytes;
    request->SerializeToString(&bytes);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer requestBuffer(&slice, 1);
    grpc::ByteBuffer responseBuffer;
    auto ctx = user ? as(*user) : anonymous();
    grpc::GenericStub stub(m_channel);
    std::promise<grpc::Status> done;
    stub.UnaryCall(ctx.get(), "/" + descriptor->service()->full_name() + "/" + descriptor->name(), {}, &requestBuffer,
                   &responseBuffer, [&done](grpc::Status status) { done.set_value(status); });
    return done.get_future().get();
}

TestUser TestServer::operatorUser() {
    TestUser op;
    op.id = "operator";
    auto keys = security::KeyStore::openExisting(m_config.effectiveKeysDir(), std::chrono::minutes(15));
    if (!keys.ok()) return op;
    security::AccessTokens tokens(**keys, std::chrono::minutes(15));
    auto token = tokens.sign(op.id, "test-operator", {std::string(security::kAdminRole)});
    if (token.ok()) op.accessToken = token->token;
    return op;
}

bool TestServer::signInAgain(TestUser& user) {
    auth::v1::LoginRequest request;
    request.set_login(user.username);
    request.set_password(user.password);
    request.set_device_name("test");
    auth::v1::LoginResponse response;
    const grpc::Status status = m_auth->Login(anonymous().get(), request, &response);
    if (!status.ok()) {
        qWarning("login of %s failed: %s", user.username.c_str(), qPrintable(describe(status)));
        return false;
    }
    user.accessToken = response.access_token();
    user.refreshToken = response.refresh_token();
    user.sessionId = response.session_id();
    return true;
}

TestUser TestServer::newUserWithRole(const std::string& prefix, const std::string& role) {
    TestUser u = newUser(prefix);
    // Moderation learns of roles from an event; a test acts on them only once it has.
    const bool moderation = m_server->database("moderation") != nullptr;
    const std::int64_t known = moderation ? rowCount("moderation", {"staff_roles"}) : 0;
    auth::v1::GrantRoleRequest request;
    request.set_account(u.username);
    request.set_role(role);
    auth::v1::GrantRoleResponse response;
    const grpc::Status status = m_auth->GrantRole(as(operatorUser()).get(), request, &response);
    if (!status.ok() || !signInAgain(u)) {
        qWarning("granting %s to %s failed: %s", role.c_str(), u.username.c_str(), qPrintable(describe(status)));
        u.accessToken.clear();
    } else if (moderation && !QTest::qWaitFor([&] { return rowCount("moderation", {"staff_roles"}) > known; })) {
        qWarning("the moderation service did not learn that %s holds %s", u.username.c_str(), role.c_str());
        u.accessToken.clear();
    }
    return u;
}

std::int64_t TestServer::rowCount(const std::string& service, const std::vector<std::string>& tables) {
    storage::Database* db = m_server->database(service);
    if (!db) return -1;
    std::int64_t total = 0;
    for (const std::string& table : tables) {
        auto rows = db->transact([&](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM " + table); });
        if (!rows.ok()) return -1;
        total += (*rows)[0].integer(0);
    }
    return total;
}

QString describe(const grpc::Status& status) {
    static const char* const names[] = {
        "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED"};
    const int code = status.error_code();
    const char* name = code >= 0 && code <= 16 ? names[code] : "?";
    return QString("%1: %2").arg(name, QString::fromStdString(status.error_message()));
}

}  // namespace devcoll::test
