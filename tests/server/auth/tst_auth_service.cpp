// The auth service over real gRPC: the whole token life cycle, password reset and change,
// sessions, throttling, and that unknown accounts and wrong passwords look alike.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QTextStream>

#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace av1 = devcoll::auth::v1;
namespace uv1 = devcoll::user::v1;

class TestAuthService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    grpc::Status login(const std::string& name, const std::string& password, av1::LoginResponse* out,
                       grpc::ClientContext* ctx = nullptr) {
        av1::LoginRequest req;
        req.set_login(name);
        req.set_password(password);
        req.set_device_name("laptop");
        auto own = TestServer::anonymous();
        return m_server->auth().Login(ctx ? ctx : own.get(), req, out);
    }

    grpc::Status refresh(const std::string& token, av1::RefreshTokenResponse* out) {
        av1::RefreshTokenRequest req;
        req.set_refresh_token(token);
        return m_server->auth().RefreshToken(TestServer::anonymous().get(), req, out);
    }

    grpc::Status validate(const std::string& accessToken, av1::ValidateTokenResponse* out) {
        av1::ValidateTokenRequest req;
        req.set_access_token(accessToken);
        return m_server->auth().ValidateToken(TestServer::anonymous().get(), req, out);
    }

    // The newest reset mail's token, read from <data-dir>/outbox-mail/ as an operator would.
    std::string lastResetToken(TestServer& server) {
        QDir mail(QString::fromStdString(server.config().dataDir + "/outbox-mail"));
        const auto files = mail.entryList({"*.eml"}, QDir::Files, QDir::Name);
        if (files.isEmpty()) return {};
        QFile file(mail.filePath(files.last()));
        if (!file.open(QIODevice::ReadOnly)) return {};
        const QString header = "X-Devcoll-Reset-Token: ";
        for (const QString& line : QString::fromUtf8(file.readAll()).split("\r\n")) {
            if (line.startsWith(header)) return line.mid(header.size()).toStdString();
        }
        return {};
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void registerAnswersWithTheUserAndTokens() {
        TestUser u = m_server->registerUser("reg");
        QVERIFY(!u.id.empty());
        QVERIFY(!u.accessToken.empty());
        QVERIFY(u.refreshToken.rfind("rt_", 0) == 0);
        av1::ValidateTokenResponse who;
        const grpc::Status status = validate(u.accessToken, &who);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(who.user_id(), u.id);
        QCOMPARE(who.session_id(), u.sessionId);
        QCOMPARE(who.roles_size(), 1);
        QCOMPARE(who.roles(0), std::string("user"));
    }

    void profileIsReadableWithin100msOfRegister() {
        TestUser u = m_server->registerUser("fast");
        QElapsedTimer timer;
        timer.start();
        bool found = false;
        while (!found && timer.elapsed() < 1000) {
            uv1::GetUserRequest req;
            req.set_user_id(u.id);
            uv1::GetUserResponse resp;
            found = m_server->users().GetUser(TestServer::as(u).get(), req, &resp).ok();
        }
        QVERIFY(found);
        QVERIFY2(timer.elapsed() < 100, qPrintable(QString("profile took %1 ms").arg(timer.elapsed())));
    }

    void usernamesAndEmailsAreUniqueIgnoringCase() {
        TestUser u = m_server->registerUser("uniq");
        av1::RegisterRequest req;
        req.set_username(QString::fromStdString(u.username).toUpper().toStdString());
        req.set_email("other-" + u.email);
        req.set_password("password-123");
        av1::RegisterResponse resp;
        grpc::Status status = m_server->auth().Register(TestServer::anonymous().get(), req, &resp);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::ALREADY_EXISTS);
        QVERIFY(status.error_message().find("username") != std::string::npos);

        req.set_username(u.username + "x");
        req.set_email(QString::fromStdString(u.email).toUpper().toStdString());
        status = m_server->auth().Register(TestServer::anonymous().get(), req, &resp);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::ALREADY_EXISTS);
        QVERIFY(status.error_message().find("email") != std::string::npos);
    }

    void fullTokenLifeCycle() {
        TestUser u = m_server->registerUser("life");
        // Log in with the username, and with the e-mail in other case.
        av1::LoginResponse byName;
        grpc::Status status = login(u.username, u.password, &byName);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(byName.user().id(), u.id);
        av1::LoginResponse byEmail;
        status = login(QString::fromStdString(u.email).toUpper().toStdString(), u.password, &byEmail);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QVERIFY(byEmail.session_id() != byName.session_id());

        // Refresh rotates: a new pair, same session.
        av1::RefreshTokenResponse first;
        status = refresh(byName.refresh_token(), &first);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(first.session_id(), byName.session_id());
        QVERIFY(first.refresh_token() != byName.refresh_token());
        av1::ValidateTokenResponse who;
        QVERIFY(validate(first.access_token(), &who).ok());
        av1::RefreshTokenResponse second;
        QVERIFY(refresh(first.refresh_token(), &second).ok());

        // A thief replays the first token, whose successor was used: the whole session ends,
        // including the newest token.
        av1::RefreshTokenResponse reused;
        status = refresh(byName.refresh_token(), &reused);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY(status.error_message().find("already used") != std::string::npos);
        DEVCOLL_COMPARE_CODE(refresh(second.refresh_token(), &reused), grpc::StatusCode::UNAUTHENTICATED);
        DEVCOLL_COMPARE_CODE(validate(second.access_token(), &who), grpc::StatusCode::UNAUTHENTICATED);
        // The other session is untouched; logout ends it.
        QVERIFY(validate(byEmail.access_token(), &who).ok());
        av1::LogoutRequest logout;
        logout.set_refresh_token(byEmail.refresh_token());
        av1::LogoutResponse loggedOut;
        QVERIFY(m_server->auth().Logout(TestServer::anonymous().get(), logout, &loggedOut).ok());
        DEVCOLL_COMPARE_CODE(refresh(byEmail.refresh_token(), &reused), grpc::StatusCode::UNAUTHENTICATED);
        DEVCOLL_COMPARE_CODE(validate(byEmail.access_token(), &who), grpc::StatusCode::UNAUTHENTICATED);
        // Logging out twice, or with an unknown token, is fine.
        QVERIFY(m_server->auth().Logout(TestServer::anonymous().get(), logout, &loggedOut).ok());
    }

    void lostRefreshAnswerMayBeRetriedOnce() {
        TestUser u = m_server->registerUser("retry");
        av1::RefreshTokenResponse lost;
        QVERIFY(refresh(u.refreshToken, &lost).ok());  // the answer never reached the client
        av1::RefreshTokenResponse retried;
        grpc::Status status = refresh(u.refreshToken, &retried);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QVERIFY(retried.refresh_token() != lost.refresh_token());
        av1::ValidateTokenResponse who;
        QVERIFY(validate(retried.access_token(), &who).ok());
        // The lost answer's token was replaced: presenting it is reuse and ends the session.
        av1::RefreshTokenResponse replayed;
        DEVCOLL_COMPARE_CODE(refresh(u.refreshToken, &replayed), grpc::StatusCode::UNAUTHENTICATED);
        DEVCOLL_COMPARE_CODE(refresh(retried.refresh_token(), &replayed), grpc::StatusCode::UNAUTHENTICATED);
    }

    void unknownAccountAndWrongPasswordLookAlike() {
        TestUser u = m_server->registerUser("enum");
        av1::LoginResponse resp;
        const grpc::Status unknown = login("nobody_" + u.username, "whatever-pass", &resp);
        const grpc::Status wrong = login(u.username, "wrong-password", &resp);
        DEVCOLL_COMPARE_CODE(unknown, grpc::StatusCode::UNAUTHENTICATED);
        DEVCOLL_COMPARE_CODE(wrong, grpc::StatusCode::UNAUTHENTICATED);
        QCOMPARE(unknown.error_message(), wrong.error_message());

        // Both spend one password hash: their median times are within a factor of two. The two
        // are timed in turns, so that a busy machine slows both alike.
        const auto timedMs = [&](const std::string& name, const std::string& password) {
            QElapsedTimer t;
            t.start();
            (void)login(name, password, &resp);
            return double(t.nsecsElapsed()) / 1e6;
        };
        std::vector<double> unknownTimes;
        std::vector<double> wrongTimes;
        for (int i = 0; i < 9; ++i) {
            unknownTimes.push_back(timedMs("nobody_" + u.username, "whatever-pass"));
            wrongTimes.push_back(timedMs(u.username, "wrong-password"));
        }
        const auto median = [](std::vector<double> times) {
            std::sort(times.begin(), times.end());
            return times[times.size() / 2];
        };
        const double unknownMs = median(unknownTimes);
        const double wrongMs = median(wrongTimes);
        QVERIFY2(unknownMs > wrongMs / 2 && unknownMs < wrongMs * 2,
                 qPrintable(QString("unknown %1 ms, wrong password %2 ms").arg(unknownMs).arg(wrongMs)));
    }

    void passwordResetEndsEverySession() {
        TestUser u = m_server->registerUser("reset");
        av1::RequestPasswordResetRequest ask;
        av1::RequestPasswordResetResponse asked;
        ask.set_email("nobody-" + u.email);
        QVERIFY(m_server->auth().RequestPasswordReset(TestServer::anonymous().get(), ask, &asked).ok());
        ask.set_email(QString::fromStdString(u.email).toUpper().toStdString());
        QVERIFY(m_server->auth().RequestPasswordReset(TestServer::anonymous().get(), ask, &asked).ok());
        // The mail goes out after the answer (so that its timing tells nothing): await it.
        std::string token;
        QTRY_VERIFY_WITH_TIMEOUT((token = lastResetToken(*m_server)).rfind("rs_", 0) == 0, 5000);

        av1::ConfirmPasswordResetRequest confirm;
        confirm.set_reset_token(token);
        confirm.set_new_password("a-new-password");
        av1::ConfirmPasswordResetResponse confirmed;
        grpc::Status status = m_server->auth().ConfirmPasswordReset(TestServer::anonymous().get(), confirm, &confirmed);
        QVERIFY2(status.ok(), qPrintable(describe(status)));

        av1::RefreshTokenResponse refreshed;
        DEVCOLL_COMPARE_CODE(refresh(u.refreshToken, &refreshed), grpc::StatusCode::UNAUTHENTICATED);
        av1::LoginResponse resp;
        DEVCOLL_COMPARE_CODE(login(u.username, u.password, &resp), grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY(login(u.username, "a-new-password", &resp).ok());

        // A reset token works once.
        confirm.set_new_password("yet-another-one");
        status = m_server->auth().ConfirmPasswordReset(TestServer::anonymous().get(), confirm, &confirmed);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("reset_token") != std::string::npos);
    }

    void changePasswordKeepsOnlyTheCallersSession() {
        TestUser u = m_server->registerUser("change");
        av1::LoginResponse other;
        QVERIFY(login(u.username, u.password, &other).ok());

        av1::ChangePasswordRequest req;
        req.set_current_password("not-my-password");
        req.set_new_password("brand-new-password");
        av1::ChangePasswordResponse resp;
        DEVCOLL_COMPARE_CODE(m_server->auth().ChangePassword(TestServer::as(u).get(), req, &resp),
                             grpc::StatusCode::PERMISSION_DENIED);
        req.set_current_password(u.password);
        const grpc::Status status = m_server->auth().ChangePassword(TestServer::as(u).get(), req, &resp);
        QVERIFY2(status.ok(), qPrintable(describe(status)));

        av1::RefreshTokenResponse refreshed;
        QVERIFY(refresh(u.refreshToken, &refreshed).ok());
        DEVCOLL_COMPARE_CODE(refresh(other.refresh_token(), &refreshed), grpc::StatusCode::UNAUTHENTICATED);
        av1::LoginResponse again;
        QVERIFY(login(u.username, "brand-new-password", &again).ok());
    }

    void sessionsCanBeListedAndRevoked() {
        TestUser u = m_server->registerUser("sess");
        av1::LoginResponse second;
        QVERIFY(login(u.username, u.password, &second).ok());

        av1::ListSessionsResponse list;
        QVERIFY(m_server->auth().ListSessions(TestServer::as(u).get(), {}, &list).ok());
        QCOMPARE(list.sessions_size(), 2);
        int current = 0;
        for (const auto& s : list.sessions()) {
            current += s.current() ? 1 : 0;
            QCOMPARE(s.peer(), std::string("127.0.0.1"));
        }
        QCOMPARE(current, 1);

        av1::RevokeSessionRequest revoke;
        revoke.set_session_id(second.session_id());
        av1::RevokeSessionResponse revoked;
        QVERIFY(m_server->auth().RevokeSession(TestServer::as(u).get(), revoke, &revoked).ok());
        QVERIFY(m_server->auth().ListSessions(TestServer::as(u).get(), {}, &list).ok());
        QCOMPARE(list.sessions_size(), 1);
        QCOMPARE(list.sessions(0).id(), u.sessionId);

        // Someone else's session is not found, and stays alive.
        TestUser stranger = m_server->registerUser("stranger");
        revoke.set_session_id(stranger.sessionId);
        DEVCOLL_COMPARE_CODE(m_server->auth().RevokeSession(TestServer::as(u).get(), revoke, &revoked),
                             grpc::StatusCode::NOT_FOUND);
        av1::ValidateTokenResponse who;
        QVERIFY(validate(stranger.accessToken, &who).ok());
    }

    void failedLoginsAreThrottledPerAccountAndAddress() {
        Config config = TestServer::defaultConfig();
        config.rateLimits.failedLoginsPerAccount = 3;
        config.rateLimits.failedLoginsPerAddress = 5;
        config.rateLimits.registrationsPerAddress = 4;
        TestServer server(config);
        QVERIFY2(server.ok(), qPrintable(server.error()));
        TestUser u = server.registerUser("throttle");
        av1::LoginRequest req;
        req.set_login(u.username);
        req.set_password("wrong-password");
        av1::LoginResponse resp;
        for (int i = 0; i < 3; ++i) {
            const grpc::Status status = server.auth().Login(TestServer::anonymous().get(), req, &resp);
            QVERIFY2(status.error_code() == grpc::StatusCode::UNAUTHENTICATED,
                     qPrintable(QString("attempt %1: %2").arg(i + 1).arg(describe(status))));
        }
        // Now even the right password waits, and the answer says how long.
        req.set_password(u.password);
        grpc::ClientContext ctx;
        const grpc::Status limited = server.auth().Login(&ctx, req, &resp);
        DEVCOLL_COMPARE_CODE(limited, grpc::StatusCode::RESOURCE_EXHAUSTED);
        const auto& trailers = ctx.GetServerTrailingMetadata();
        const auto hint = trailers.find("devcoll-retry-after-seconds");
        QVERIFY(hint != trailers.end());
        QVERIFY(std::stoi(std::string(hint->second.data(), hint->second.size())) > 0);

        // The refused attempt counted for the address too (4 of 5): one failure on another
        // account reaches the per-address limit.
        TestUser v = server.registerUser("throttle");
        req.set_login(v.username);
        req.set_password("wrong-password");
        DEVCOLL_COMPARE_CODE(server.auth().Login(TestServer::anonymous().get(), req, &resp),
                             grpc::StatusCode::UNAUTHENTICATED);
        req.set_password(v.password);
        DEVCOLL_COMPARE_CODE(server.auth().Login(TestServer::anonymous().get(), req, &resp),
                             grpc::StatusCode::RESOURCE_EXHAUSTED);

        // Registrations per address: 2 done, 2 more allowed, then refused.
        server.registerUser("more");
        server.registerUser("more");
        av1::RegisterRequest reg;
        reg.set_username("one_too_many");
        reg.set_email("one_too_many@example.com");
        reg.set_password("password-123");
        av1::RegisterResponse registered;
        DEVCOLL_COMPARE_CODE(server.auth().Register(TestServer::anonymous().get(), reg, &registered),
                             grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
};

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_auth_service.moc"
