// Every user RPC, fed bad input: each answers the right code, names the field at fault, and
// leaves profiles and follows as they were.
#include <QTest>

#include "devcoll/ids.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

class TestUserBadInput final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    TestUser m_me;
    TestUser m_other;
    std::string m_unknown = newUuidV7();

    std::int64_t fingerprint() {
        // Rows, plus versions and counts, so that an update that slipped through shows.
        storage::Database* db = m_server->server().database("user");
        auto rows = db->transact([](storage::Tx& tx) {
            return tx.exec(
                "SELECT (SELECT COUNT(*) FROM follows) + (SELECT COALESCE(SUM(version + followers_count + "
                "following_count), 0) FROM profiles)");
        });
        return rows.ok() ? (*rows)[0].integer(0) : -1;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_me = m_server->registerUser("me");
        m_other = m_server->registerUser("other");
        QVERIFY(m_server->waitForProfile(m_me));
        QVERIFY(m_server->waitForProfile(m_other));
    }

    void rejected_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("json");
        QTest::addColumn<bool>("signedIn");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const int invalid = grpc::StatusCode::INVALID_ARGUMENT;
        const int notFound = grpc::StatusCode::NOT_FOUND;
        QTest::newRow("get: anonymous") << "GetUser"
                                        << R"({"user_id":"$ME"})" << false << int(grpc::StatusCode::UNAUTHENTICATED)
                                        << "authorization";
        QTest::newRow("get: empty id") << "GetUser"
                                       << "{}" << true << invalid << "user_id";
        QTest::newRow("get: not a uuid") << "GetUser"
                                         << R"({"user_id":"1234"})" << true << invalid << "user_id";
        QTest::newRow("get: unknown") << "GetUser"
                                      << R"({"user_id":"$UNKNOWN"})" << true << notFound << "user_id";
        QTest::newRow("by name: empty") << "GetUserByUsername"
                                        << "{}" << true << invalid << "username";
        QTest::newRow("by name: bad chars") << "GetUserByUsername"
                                            << R"({"username":"no such!"})" << true << invalid << "username";
        QTest::newRow("by name: unknown") << "GetUserByUsername"
                                          << R"({"username":"nobody_here"})" << true << notFound << "username";
        QTest::newRow("update: no mask") << "UpdateProfile"
                                         << R"({"profile":{"bio":"x"},"expected_version":1})" << true << invalid
                                         << "update_mask";
        QTest::newRow("update: email in mask")
            << "UpdateProfile"
            << R"({"profile":{"email":"x@y.z"},"update_mask":"email","expected_version":1})" << true << invalid
            << "update_mask";
        QTest::newRow("update: no version")
            << "UpdateProfile"
            << R"({"profile":{"bio":"x"},"update_mask":"bio"})" << true << invalid << "expected_version";
        QTest::newRow("update: empty display name")
            << "UpdateProfile"
            << R"({"profile":{},"update_mask":"displayName","expected_version":1})" << true << invalid
            << "display_name";
        QTest::newRow("update: 65-char display name")
            << "UpdateProfile"
            << "{\"profile\":{\"display_name\":\"" + QString(65, 'd') +
                   "\"},\"update_mask\":\"displayName\",\"expected_version\":1}"
            << true << invalid << "display_name";
        QTest::newRow("update: 501-char bio")
            << "UpdateProfile"
            << "{\"profile\":{\"bio\":\"" + QString(501, 'b') + "\"},\"update_mask\":\"bio\",\"expected_version\":1}"
            << true << invalid << "bio";
        QTest::newRow("update: bad avatar id")
            << "UpdateProfile"
            << R"({"profile":{"avatar_media_id":"pic.png"},"update_mask":"avatarMediaId","expected_version":1})" << true
            << invalid << "avatar_media_id";
        QTest::newRow("update: someone else")
            << "UpdateProfile"
            << R"({"profile":{"id":"$OTHER","bio":"x"},"update_mask":"bio","expected_version":1})" << true
            << int(grpc::StatusCode::PERMISSION_DENIED) << "profile.id";
        QTest::newRow("update: stale version")
            << "UpdateProfile"
            << R"({"profile":{"bio":"x"},"update_mask":"bio","expected_version":99})" << true
            << int(grpc::StatusCode::FAILED_PRECONDITION) << "current version is 1";
        QTest::newRow("delete: no password") << "DeleteAccount"
                                             << "{}" << true << invalid << "password";
        QTest::newRow("delete: wrong password")
            << "DeleteAccount"
            << R"({"password":"not-the-password"})" << true << int(grpc::StatusCode::PERMISSION_DENIED) << "password";
        QTest::newRow("follow: empty") << "Follow"
                                       << "{}" << true << invalid << "user_id";
        QTest::newRow("follow: self") << "Follow"
                                      << R"({"user_id":"$ME"})" << true << invalid << "yourself";
        QTest::newRow("follow: unknown") << "Follow"
                                         << R"({"user_id":"$UNKNOWN"})" << true << notFound << "user_id";
        QTest::newRow("unfollow: not a uuid") << "Unfollow"
                                              << R"({"user_id":"abc"})" << true << invalid << "user_id";
        QTest::newRow("unfollow: self") << "Unfollow"
                                        << R"({"user_id":"$ME"})" << true << invalid << "yourself";
        QTest::newRow("followers: negative page")
            << "ListFollowers"
            << R"({"user_id":"$ME","page_size":-1})" << true << invalid << "page_size";
        QTest::newRow("followers: page of 101")
            << "ListFollowers"
            << R"({"user_id":"$ME","page_size":101})" << true << invalid << "page_size";
        QTest::newRow("followers: forged token")
            << "ListFollowers"
            << R"({"user_id":"$ME","page_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})" << true
            << invalid << "page_token";
        QTest::newRow("followers: unknown user") << "ListFollowers"
                                                 << R"({"user_id":"$UNKNOWN"})" << true << notFound << "user_id";
        QTest::newRow("following: empty id") << "ListFollowing"
                                             << "{}" << true << invalid << "user_id";
        QTest::newRow("following: garbage token")
            << "ListFollowing"
            << R"({"user_id":"$ME","page_token":"%%%"})" << true << invalid << "page_token";
    }

    void rejected() {
        QFETCH(QString, method);
        QFETCH(QString, json);
        QFETCH(bool, signedIn);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        json.replace("$ME", QString::fromStdString(m_me.id))
            .replace("$OTHER", QString::fromStdString(m_other.id))
            .replace("$UNKNOWN", QString::fromStdString(m_unknown));
        const std::int64_t before = fingerprint();
        const grpc::Status status = m_server->callJson("devcoll.user.v1.UserService." + method.toStdString(),
                                                       json.toStdString(), signedIn ? &m_me : nullptr);
        QVERIFY2(status.error_code() == code, qPrintable(describe(status)));
        QVERIFY2(QString::fromStdString(status.error_message()).contains(mentions), qPrintable(describe(status)));
        QCOMPARE(fingerprint(), before);
    }
};

QTEST_GUILESS_MAIN(TestUserBadInput)
#include "tst_user_bad_input.moc"
