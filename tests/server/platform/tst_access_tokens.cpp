// Access tokens are accepted only when ES256-signed by a known, unretired key for our issuer
// and audience, unexpired and complete; every forgery below must be refused.
#include <QTemporaryDir>
#include <QTest>
#include <jwt/jwt.hpp>

#include "platform/security/access_token.h"
#include "platform/security/key_store.h"

using namespace devcoll;
using namespace devcoll::security;

class TestAccessTokens final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<KeyStore> m_keys;
    std::unique_ptr<AccessTokens> m_tokens;

    // Signs claims of our choosing with the server's real key, to forge one flaw at a time.
    std::string forge(const std::string& alg, const std::string& kid, const std::string& aud,
                      std::chrono::system_clock::time_point exp, bool withSid = true) {
        auto key = m_keys->signingKey();
        if (!key.ok()) return {};
        jwt::jwt_object obj{jwt::params::algorithm(alg), jwt::params::secret(key->privatePem)};
        obj.header().add_header("kid", kid.empty() ? key->kid : kid);
        obj.add_claim("iss", kTokenIssuer).add_claim("aud", aud).add_claim("sub", "u1").add_claim("exp", exp);
        if (withSid) obj.add_claim("sid", "s1");
        std::error_code ec;
        return obj.signature(ec);
    }

    std::chrono::system_clock::time_point inMinutes(int m) {
        return std::chrono::system_clock::now() + std::chrono::minutes(m);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto keys = KeyStore::open(m_dir.filePath("keys").toStdString(), std::chrono::minutes(15));
        QVERIFY2(keys.ok(), keys.ok() ? "" : keys.error().message.c_str());
        m_keys = std::move(keys).value();
        m_tokens = std::make_unique<AccessTokens>(*m_keys, std::chrono::minutes(15));
    }

    void keyFilesArePrivate() {
        const QFileInfo dir(m_dir.filePath("keys"));
        QCOMPARE(dir.permissions() & (QFile::ReadOther | QFile::ReadGroup), QFileDevice::Permissions());
        const auto files = QDir(dir.filePath()).entryInfoList(QDir::Files);
        QCOMPARE(files.size(), 2);
        for (const QFileInfo& f : files)
            QCOMPARE(f.permissions() & (QFile::ReadOther | QFile::ReadGroup), QFileDevice::Permissions());
    }

    void signedTokenVerifies() {
        auto signed_ = m_tokens->sign("user-1", "session-1", {"user", "moderator"});
        QVERIFY(signed_.ok());
        auto who = m_tokens->verify(signed_->token);
        QVERIFY2(who.ok(), who.ok() ? "" : who.error().message.c_str());
        QCOMPARE(who->userId, std::string("user-1"));
        QCOMPARE(who->sessionId, std::string("session-1"));
        QCOMPARE(who->roles, (std::vector<std::string>{"user", "moderator"}));
    }

    void forgeriesAreRefused_data() {
        QTest::addColumn<QString>("case_");
        QTest::newRow("tampered payload") << "tampered";
        QTest::newRow("expired") << "expired";
        QTest::newRow("wrong audience") << "audience";
        QTest::newRow("alg none") << "none";
        QTest::newRow("HS256 keyed with the public key") << "hs256";
        QTest::newRow("unknown kid") << "kid";
        QTest::newRow("no sid") << "sid";
        QTest::newRow("garbage") << "garbage";
        QTest::newRow("empty") << "empty";
    }
    void forgeriesAreRefused() {
        QFETCH(QString, case_);
        std::string token;
        if (case_ == "tampered") {
            token = forge("ES256", "", kTokenAudience, inMinutes(10));
            const auto firstDot = token.find('.');
            token[firstDot + 5] = token[firstDot + 5] == 'A' ? 'B' : 'A';
        } else if (case_ == "expired") {
            token = forge("ES256", "", kTokenAudience, inMinutes(-1));
        } else if (case_ == "audience") {
            token = forge("ES256", "", "someone-else", inMinutes(10));
        } else if (case_ == "none") {
            jwt::jwt_object obj{jwt::params::algorithm("none")};
            obj.add_claim("iss", kTokenIssuer)
                .add_claim("aud", kTokenAudience)
                .add_claim("sub", "u1")
                .add_claim("sid", "s1");
            obj.add_claim("exp", inMinutes(10));
            std::error_code ec;
            token = obj.signature(ec);
        } else if (case_ == "hs256") {
            const auto pub = m_keys->verificationKey(m_keys->signingKey()->kid);
            QVERIFY(pub.has_value());
            jwt::jwt_object obj{jwt::params::algorithm("HS256"), jwt::params::secret(*pub)};
            obj.header().add_header("kid", m_keys->signingKey()->kid);
            obj.add_claim("iss", kTokenIssuer)
                .add_claim("aud", kTokenAudience)
                .add_claim("sub", "u1")
                .add_claim("sid", "s1");
            obj.add_claim("exp", inMinutes(10));
            std::error_code ec;
            token = obj.signature(ec);
        } else if (case_ == "kid") {
            token = forge("ES256", "01900000-0000-7000-8000-000000000000", kTokenAudience, inMinutes(10));
        } else if (case_ == "sid") {
            token = forge("ES256", "", kTokenAudience, inMinutes(10), false);
        } else if (case_ == "garbage") {
            token = "not.a.token";
        }
        auto who = m_tokens->verify(token);
        QVERIFY(!who.ok());
        QCOMPARE(who.error().code, ErrorCode::Unauthenticated);
    }

    void rotationKeepsOldTokensValid() {
        auto before = m_tokens->sign("user-2", "session-2", {"user"});
        QVERIFY(before.ok());
        auto kid = KeyStore::rotate(m_dir.filePath("keys").toStdString(), std::chrono::minutes(15));
        QVERIFY(kid.ok());
        // A fresh store sees the new key at once (a running one within a minute).
        auto keys = KeyStore::open(m_dir.filePath("keys").toStdString(), std::chrono::minutes(15));
        QVERIFY(keys.ok());
        AccessTokens tokens(**keys, std::chrono::minutes(15));
        QCOMPARE((*keys)->signingKey()->kid, *kid);
        QVERIFY(tokens.verify(before->token).ok());
        auto after = tokens.sign("user-2", "session-2", {"user"});
        QVERIFY(after.ok());
        QVERIFY(tokens.verify(after->token).ok());
    }
};

QTEST_APPLESS_MAIN(TestAccessTokens)
#include "tst_access_tokens.moc"
