// Rate limits on every call: per account for authenticated calls, per client address for the
// others, answered with RESOURCE_EXHAUSTED and a retry hint, and recovered from as the bucket
// refills; operators are not limited.
#include <QTest>

#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

std::string retryAfter(const grpc::ClientContext& ctx) {
    const auto& metadata = ctx.GetServerTrailingMetadata();
    const auto it = metadata.find("devcoll-retry-after-seconds");
    return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

class TestRateLimits final : public QObject {
    Q_OBJECT

private:
    static grpc::StatusCode getUser(TestServer& server, const TestUser& as, grpc::ClientContext* ctx = nullptr) {
        user::v1::GetUserRequest req;
        req.set_user_id(as.id);
        user::v1::GetUserResponse resp;
        auto own = TestServer::as(as);
        return server.users().GetUser(ctx ? ctx : own.get(), req, &resp).error_code();
    }

    static grpc::StatusCode login(TestServer& server, grpc::ClientContext* ctx = nullptr) {
        auth::v1::LoginRequest req;
        req.set_login("nobody");
        req.set_password("wrong password");
        auth::v1::LoginResponse resp;
        auto own = TestServer::anonymous();
        return server.auth().Login(ctx ? ctx : own.get(), req, &resp).error_code();
    }

private slots:
    void anAccountReachesItsLimitAndRecovers() {
        Config config = TestServer::defaultConfig();
        config.rateLimits.callsPerAccount = 5;
        config.rateLimits.callWindow = std::chrono::seconds(2);
        TestServer server(config);
        QVERIFY2(server.ok(), qPrintable(server.error()));
        TestUser busy = server.registerUser("busy");
        TestUser other = server.registerUser("other");
        QVERIFY(!busy.accessToken.empty() && !other.accessToken.empty());
        // Profiles appear through events; wait without spending the buckets.
        QTRY_VERIFY(server.rowCount("user", {"profiles"}) == 2);

        int allowed = 0;
        while (allowed < 10 && getUser(server, busy) == grpc::StatusCode::OK) ++allowed;
        QCOMPARE(allowed, 5);  // the whole allowance at once, then no more
        auto ctx = TestServer::as(busy);
        QCOMPARE(getUser(server, busy, ctx.get()), grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY(!retryAfter(*ctx).empty());
        QVERIFY(std::stoi(retryAfter(*ctx)) >= 1);
        // Other accounts are not affected, and the bucket refills with time.
        QCOMPARE(getUser(server, other), grpc::StatusCode::OK);
        QVERIFY(QTest::qWaitFor([&] { return getUser(server, busy) == grpc::StatusCode::OK; }));  // has side effects
        // An operator is not limited.
        TestUser op = server.operatorUser();
        op.id = busy.id;
        for (int i = 0; i < 20; ++i) QCOMPARE(getUser(server, op), grpc::StatusCode::OK);
    }

    void refusedTokensCountAgainstTheirAddress() {
        Config config = TestServer::defaultConfig();
        config.rateLimits.callsPerAddress = 3;
        config.rateLimits.callWindow = std::chrono::seconds(60);
        TestServer server(config);
        QVERIFY2(server.ok(), qPrintable(server.error()));
        TestUser forged;
        forged.id = "01000000-0000-7000-8000-000000000000";
        forged.accessToken = "not.a.token";
        int refused = 0;
        while (refused < 10 && getUser(server, forged) == grpc::StatusCode::UNAUTHENTICATED) ++refused;
        QCOMPARE(refused, 3);
        QCOMPARE(getUser(server, forged), grpc::StatusCode::RESOURCE_EXHAUSTED);
    }

    void anAddressReachesItsLimitAndRecovers() {
        Config config = TestServer::defaultConfig();
        config.rateLimits.callsPerAddress = 3;
        config.rateLimits.callWindow = std::chrono::seconds(2);
        TestServer server(config);
        QVERIFY2(server.ok(), qPrintable(server.error()));
        int answered = 0;
        while (answered < 10 && login(server) == grpc::StatusCode::UNAUTHENTICATED) ++answered;
        QCOMPARE(answered, 3);
        auto ctx = TestServer::anonymous();
        QCOMPARE(login(server, ctx.get()), grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY(!retryAfter(*ctx).empty());
        QVERIFY(QTest::qWaitFor([&] { return login(server) == grpc::StatusCode::UNAUTHENTICATED; }));
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_rate_limits.moc"
