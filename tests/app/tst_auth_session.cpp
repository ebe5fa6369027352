// The app's session against a real devcoll-server: signing in, access tokens refreshed before
// they expire (each refresh rotating the refresh token, handed out to be kept), resuming from a
// kept refresh token, and a session revoked elsewhere ending here cleanly. Also the secret
// stores behind "remember me".
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <thread>

#include "net/auth_session.h"
#include "net/secret_store.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestAuthSession final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    bool tokenWorks(const std::string& token) {
        TestUser holder;
        holder.accessToken = token;
        user::v1::GetUserByUsernameRequest req;
        req.set_username("nobody_at_all");
        user::v1::GetUserByUsernameResponse resp;
        // NOT_FOUND means the token was accepted; UNAUTHENTICATED that it was not.
        return m_server->users().GetUserByUsername(TestServer::as(holder).get(), req, &resp).error_code() ==
               grpc::StatusCode::NOT_FOUND;
    }

private slots:
    void initTestCase() {
        Config config = TestServer::defaultConfig();
        // Shorter than the minute before expiry at which the app refreshes: every call refreshes.
        config.accessTokenLifetime = std::chrono::seconds(30);
        m_server = std::make_unique<TestServer>(config);
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void signingInRefreshingAndResuming() {
        const TestUser alice = m_server->newUser("auth_alice");
        AuthSession session(m_server->channel());
        QSignalSpy kept(&session, &AuthSession::refreshTokenChanged);
        auto account = session.signIn(QString::fromStdString(alice.username), QString::fromStdString(alice.password),
                                      QStringLiteral("test device"), true);
        QVERIFY2(account.ok(), account.ok() ? "" : account.error().message.c_str());
        QCOMPARE(account->userId.toStdString(), alice.id);
        QCOMPARE(account->username.toStdString(), alice.username);
        QTRY_COMPARE(kept.size(), 1);

        // The token is close to expiry at once: each call gets a fresh one, and a new refresh token.
        const std::string first = session.accessToken();
        QVERIFY(tokenWorks(first));
        QTRY_COMPARE(kept.size(), 2);
        const QString remembered = kept.last().first().toString();
        QVERIFY(!remembered.isEmpty() && remembered != kept.first().first().toString());

        // The next launch resumes from the kept token (the last one handed out).
        AuthSession next(m_server->channel());
        auto resumed = next.resume(remembered);
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().message.c_str());
        QCOMPARE(resumed->userId.toStdString(), alice.id);
        QVERIFY(tokenWorks(next.accessToken()));
    }

    void manyThreadsAskingAtOnceNeverSpendARefreshTokenTwice() {
        // A refresh token presented twice ends the session on the server: the session must
        // refresh once however many threads need a token at the same moment.
        const TestUser erin = m_server->newUser("auth_erin");
        AuthSession session(m_server->channel());
        QVERIFY(session
                    .signIn(QString::fromStdString(erin.username), QString::fromStdString(erin.password),
                            QStringLiteral("busy"), false)
                    .ok());
        std::atomic<int> empty{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 5; ++i) {
                    if (session.accessToken().empty()) ++empty;
                }
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(empty.load(), 0);
        QVERIFY(session.signedIn());
        QVERIFY(tokenWorks(session.accessToken()));
    }

    void aSessionResumedOfflineRefreshesOnceTheServerIsBack() {
        const TestUser fay = m_server->newUser("auth_fay");
        AuthSession session(m_server->channel());
        QSignalSpy kept(&session, &AuthSession::refreshTokenChanged);
        QVERIFY(session
                    .signIn(QString::fromStdString(fay.username), QString::fromStdString(fay.password),
                            QStringLiteral("train"), true)
                    .ok());
        QTRY_COMPARE(kept.size(), 1);
        const QString remembered = kept.last().first().toString();

        // Launched offline: the session is kept, to refresh once the server is back.
        m_server->stop();
        AuthSession offline(m_server->channel());
        auto resumed = offline.resume(remembered);
        QVERIFY(!resumed.ok());
        QCOMPARE(resumed.error().code, ErrorCode::Unavailable);
        QVERIFY(offline.signedIn());

        // The server back, the next call refreshes from the kept token, and the token works.
        const bool started = m_server->start();
        QVERIFY(started);
        const std::string token = offline.accessToken();
        QVERIFY(offline.signedIn());
        QVERIFY(tokenWorks(token));
    }

    void aWrongPasswordIsClearAndChangesNothing() {
        const TestUser bob = m_server->newUser("auth_bob");
        AuthSession session(m_server->channel());
        auto refused = session.signIn(QString::fromStdString(bob.username), QStringLiteral("not-the-password"),
                                      QStringLiteral("test"), false);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Unauthenticated);
        QVERIFY(!refused.error().message.empty());
        QVERIFY(!session.signedIn());
        QVERIFY(session.accessToken().empty());
    }

    void aSessionEndedElsewhereSignsOutHere() {
        const TestUser carol = m_server->newUser("auth_carol");
        AuthSession session(m_server->channel());
        QSignalSpy kept(&session, &AuthSession::refreshTokenChanged);
        QSignalSpy signedOut(&session, &AuthSession::signedOut);
        QVERIFY(session
                    .signIn(QString::fromStdString(carol.username), QString::fromStdString(carol.password),
                            QStringLiteral("laptop"), true)
                    .ok());
        QTRY_COMPARE(kept.size(), 1);
        // Another device (or the user in the settings) ends this session.
        auth::v1::LogoutRequest logout;
        logout.set_refresh_token(kept.last().first().toString().toStdString());
        auth::v1::LogoutResponse done;
        QVERIFY(m_server->auth().Logout(TestServer::anonymous().get(), logout, &done).ok());

        QVERIFY(session.accessToken().empty());  // the refresh is refused
        QTRY_COMPARE(signedOut.size(), 1);
        QVERIFY(!session.signedIn());
    }

    void signingOutForgetsTheKeptToken() {
        const TestUser dan = m_server->newUser("auth_dan");
        AuthSession session(m_server->channel());
        QSignalSpy kept(&session, &AuthSession::refreshTokenChanged);
        QVERIFY(session
                    .signIn(QString::fromStdString(dan.username), QString::fromStdString(dan.password),
                            QStringLiteral("laptop"), true)
                    .ok());
        session.signOut();
        QTRY_COMPARE(kept.size(), 2);
        QVERIFY(kept.last().first().toString().isEmpty());
        QVERIFY(!session.signedIn());
        AuthSession again(m_server->channel());
        QVERIFY(!again.resume(kept.first().first().toString()).ok());  // that session is over
    }

    void secretStoresKeepAndForget() {
        MemorySecretStore memory;
        Status written;
        memory.write(QStringLiteral("account"), QStringLiteral("s3cret"), [&](Status s) { written = s; });
        QVERIFY(written.ok());
        QString read;
        memory.read(QStringLiteral("account"), [&](Result<QString> r) { read = r.ok() ? *r : QString(); });
        QCOMPARE(read, QStringLiteral("s3cret"));
        memory.write(QStringLiteral("account"), QString(), [](Status) {});
        bool missing = false;
        memory.read(QStringLiteral("account"),
                    [&](Result<QString> r) { missing = !r.ok() && r.error().code == ErrorCode::NotFound; });
        QVERIFY(missing);

        // The OS keychain answers even where there is none (CI has no secret service): the app
        // then tells the user it cannot remember them.
        KeychainSecretStore keychain(QStringLiteral("devcoll-test"));
        bool answered = false;
        keychain.read(QStringLiteral("no such key"), [&](Result<QString> r) {
            answered = true;
            QVERIFY(!r.ok());
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
    }
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_auth_session.moc"
