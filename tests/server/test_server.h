#pragma once
// TestServer: a real devcoll server on an ephemeral loopback port, in this process, with its
// own temporary data directory, on the engine DEVCOLL_TEST_BACKEND names (sqlite, postgres).
// Tests call it through the generated stubs over real gRPC, as any client would.
#include <grpcpp/grpcpp.h>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <string>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/media/v1/media.grpc.pb.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "devcoll_server.h"

namespace devcoll::test {

// A signed-in test user.
struct TestUser final {
    std::string id;
    std::string username;
    std::string email;
    std::string password;
    std::string accessToken;
    std::string refreshToken;
    std::string sessionId;
};

class TestServer final {
public:
    // Generous rate limits so that tests may register many users; throttling tests lower them.
    static Config defaultConfig();
    // Starts a server; on failure the test fails with the reason (QVERIFY in the caller).
    explicit TestServer(Config config = defaultConfig());
    // Not started yet when `startNow` is false: put data into dataDir() first, then start().
    TestServer(Config config, bool startNow);
    ~TestServer();

    bool ok() const { return m_server != nullptr; }
    QString error() const { return m_error; }
    bool postgres() const;
    const Config& config() const { return m_config; }
    std::string dataDir() const { return m_config.dataDir; }
    DevcollServer& server() { return *m_server; }
    std::string address() const;
    std::shared_ptr<grpc::Channel> channel() const { return m_channel; }

    auth::v1::AuthService::Stub& auth() { return *m_auth; }
    user::v1::UserService::Stub& users() { return *m_users; }
    post::v1::PostService::Stub& posts() { return *m_posts; }
    media::v1::MediaService::Stub& media() { return *m_media; }

    // Registers a user with a unique name (prefix + counter) and password "password-123".
    TestUser registerUser(const std::string& prefix = "user");
    // Waits until the user service has created the user's profile (the USER_REGISTERED event).
    bool waitForProfile(const TestUser& user);
    // registerUser, then waitForProfile (a warning when it does not appear).
    TestUser newUser(const std::string& prefix);
    // A post by `as`; an empty Post on failure.
    post::v1::Post createPost(const TestUser& as, const std::string& body,
                              post::v1::Visibility visibility = post::v1::VISIBILITY_PUBLIC);
    bool follow(const TestUser& who, const TestUser& whom);
    bool unfollow(const TestUser& who, const TestUser& whom);
    // An operator (role admin) with a token signed by the server's key, as `devcoll-server
    // reindex` makes one; empty token on failure.
    TestUser operatorUser();
    // A new user holding `role` (moderator, admin), granted by an operator, signed in again so
    // that the token carries it; an empty access token on failure.
    TestUser newUserWithRole(const std::string& prefix, const std::string& role);
    // Signs `user` in again (a new session and token); false on failure.
    bool signInAgain(TestUser& user);

    // A client context with the user's bearer token and a 10 s deadline.
    static std::unique_ptr<grpc::ClientContext> as(const TestUser& user);
    static std::unique_ptr<grpc::ClientContext> anonymous();

    // Calls `method` ("devcoll.auth.v1.AuthService.Register") with a request written as
    // protobuf JSON, as `user` (or anonymously), the way a stock client would.
    grpc::Status callJson(const std::string& method, const std::string& json, const TestUser* user = nullptr);

    // The sum of row counts of `tables` in a service's database ("changes nothing" checks).
    std::int64_t rowCount(const std::string& service, const std::vector<std::string>& tables);

    // Shuts the server down (graceful) and starts a new one on the same data and port.
    bool restart();
    // Shuts the server down, keeping its data and port for start() (clients see it go away).
    void stop();
    bool start();

private:
    Config m_config;
    QTemporaryDir m_dir;
    std::unique_ptr<DevcollServer> m_server;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<auth::v1::AuthService::Stub> m_auth;
    std::unique_ptr<user::v1::UserService::Stub> m_users;
    std::unique_ptr<post::v1::PostService::Stub> m_posts;
    std::unique_ptr<media::v1::MediaService::Stub> m_media;
    QString m_error;
    int m_counter = 0;
};

// "INVALID_ARGUMENT: username: ..." for messages in QCOMPARE failures.
QString describe(const grpc::Status& status);

}  // namespace devcoll::test

// Compares a gRPC status code, printing the status on failure. `status` is evaluated once.
#define DEVCOLL_COMPARE_CODE(status, expected)                                                                      \
    do {                                                                                                            \
        const ::grpc::Status devcollStatus_ = (status);                                                             \
        QVERIFY2(devcollStatus_.error_code() == (expected), qPrintable(::devcoll::test::describe(devcollStatus_))); \
    } while (false)
