// Every auth RPC, fed bad input: each answers the right code, names the field at fault, and
// leaves the database as it was.
#include <QTest>

#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

class TestAuthBadInput final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    TestUser m_user;
    const std::vector<std::string> m_tables{"credentials", "sessions", "refresh_tokens", "reset_tokens"};

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_user = m_server->registerUser("bad");
        QVERIFY(!m_user.id.empty());
    }

    void rejected_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("json");
        QTest::addColumn<bool>("signedIn");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const int invalid = grpc::StatusCode::INVALID_ARGUMENT;
        const int unauthenticated = grpc::StatusCode::UNAUTHENTICATED;
        const QString reg = "Register";
        const QString ok = R"("email":"fine@example.com","password":"password-123")";
        const QString long65 = QString(65, 'x');
        QTest::newRow("register: no username") << reg << "{" + ok + "}" << false << invalid << "username";
        QTest::newRow("register: 2-char username")
            << reg << R"({"username":"ab",)" + ok + "}" << false << invalid << "username";
        QTest::newRow("register: 31-char username")
            << reg << "{\"username\":\"" + QString(31, 'a') + "\"," + ok + "}" << false << invalid << "username";
        QTest::newRow("register: dash in username")
            << reg << R"({"username":"bad-name",)" + ok + "}" << false << invalid << "username";
        QTest::newRow("register: no email")
            << reg << R"({"username":"fine_name","password":"password-123"})" << false << invalid << "email";
        QTest::newRow("register: bad email")
            << reg << R"({"username":"fine_name","email":"nope","password":"password-123"})" << false << invalid
            << "email";
        QTest::newRow("register: 7-char password")
            << reg << R"({"username":"fine_name","email":"fine@example.com","password":"1234567"})" << false << invalid
            << "password";
        QTest::newRow("register: 129-char password")
            << reg
            << "{\"username\":\"fine_name\",\"email\":\"fine@example.com\",\"password\":\"" + QString(129, 'p') + "\"}"
            << false << invalid << "password";
        QTest::newRow("register: 65-char display name")
            << reg << R"({"username":"fine_name",)" + ok + ",\"display_name\":\"" + long65 + "\"}" << false << invalid
            << "display_name";
        QTest::newRow("register: control char in display name")
            << reg << R"({"username":"fine_name",)" + ok + R"(,"display_name":"a\u0007b"})" << false << invalid
            << "display_name";
        QTest::newRow("register: 65-char device")
            << reg << R"({"username":"fine_name",)" + ok + ",\"device_name\":\"" + long65 + "\"}" << false << invalid
            << "device_name";
        QTest::newRow("login: no login") << "Login"
                                         << R"({"password":"password-123"})" << false << invalid << "login";
        QTest::newRow("login: no password") << "Login"
                                            << R"({"login":"someone"})" << false << invalid << "password";
        QTest::newRow("login: 129-char password")
            << "Login"
            << "{\"login\":\"someone\",\"password\":\"" + QString(129, 'p') + "\"}" << false << invalid << "password";
        QTest::newRow("refresh: empty") << "RefreshToken"
                                        << "{}" << false << invalid << "refresh_token";
        QTest::newRow("refresh: too long")
            << "RefreshToken"
            << "{\"refresh_token\":\"" + QString(200, 'r') + "\"}" << false << invalid << "refresh_token";
        QTest::newRow("refresh: unknown")
            << "RefreshToken"
            << R"({"refresh_token":"rt_unknown"})" << false << unauthenticated << "refresh token";
        QTest::newRow("logout: empty") << "Logout"
                                       << "{}" << false << invalid << "refresh_token";
        QTest::newRow("validate: empty") << "ValidateToken"
                                         << "{}" << false << invalid << "access_token";
        QTest::newRow("validate: garbage")
            << "ValidateToken"
            << R"({"access_token":"x.y.z"})" << false << unauthenticated << "access token";
        QTest::newRow("reset: empty email") << "RequestPasswordReset"
                                            << "{}" << false << invalid << "email";
        QTest::newRow("reset: bad email") << "RequestPasswordReset"
                                          << R"({"email":"a@b"})" << false << invalid << "email";
        QTest::newRow("confirm: no token") << "ConfirmPasswordReset"
                                           << R"({"new_password":"password-123"})" << false << invalid << "reset_token";
        QTest::newRow("confirm: short password")
            << "ConfirmPasswordReset"
            << R"({"reset_token":"rs_x","new_password":"short"})" << false << invalid << "new_password";
        QTest::newRow("confirm: unknown token")
            << "ConfirmPasswordReset"
            << R"({"reset_token":"rs_unknown","new_password":"password-123"})" << false << invalid << "reset_token";
        QTest::newRow("change: anonymous") << "ChangePassword"
                                           << R"({"current_password":"password-123","new_password":"password-456"})"
                                           << false << unauthenticated << "authorization";
        QTest::newRow("change: no current")
            << "ChangePassword"
            << R"({"new_password":"password-456"})" << true << invalid << "current_password";
        QTest::newRow("change: short new")
            << "ChangePassword"
            << R"({"current_password":"password-123","new_password":"short"})" << true << invalid << "new_password";
        QTest::newRow("verify: anonymous")
            << "VerifyPassword"
            << R"({"password":"password-123"})" << false << unauthenticated << "authorization";
        QTest::newRow("verify: empty") << "VerifyPassword"
                                       << "{}" << true << invalid << "password";
        QTest::newRow("sessions: anonymous") << "ListSessions"
                                             << "{}" << false << unauthenticated << "authorization";
        QTest::newRow("revoke: anonymous") << "RevokeSession"
                                           << "{}" << false << unauthenticated << "authorization";
        QTest::newRow("revoke: empty id") << "RevokeSession"
                                          << "{}" << true << invalid << "session_id";
        QTest::newRow("revoke: not a uuid") << "RevokeSession"
                                            << R"({"session_id":"42"})" << true << invalid << "session_id";
    }

    void rejected() {
        QFETCH(QString, method);
        QFETCH(QString, json);
        QFETCH(bool, signedIn);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        const std::int64_t before = m_server->rowCount("auth", m_tables);
        const grpc::Status status = m_server->callJson("devcoll.auth.v1.AuthService." + method.toStdString(),
                                                       json.toStdString(), signedIn ? &m_user : nullptr);
        QVERIFY2(status.error_code() == code, qPrintable(describe(status)));
        QVERIFY2(QString::fromStdString(status.error_message()).contains(mentions), qPrintable(describe(status)));
        QCOMPARE(m_server->rowCount("auth", m_tables), before);
    }
};

QTEST_GUILESS_MAIN(TestAuthBadInput)
#include "tst_auth_bad_input.moc"
