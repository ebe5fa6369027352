// Every implemented post RPC, fed bad input: each answers the right code, names the field at
// fault, and leaves posts, revisions and likes as they were.
#include <QTest>

#include "devcoll/ids.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

class TestPostBadInput final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    TestUser m_me;
    TestUser m_other;
    std::string m_myPost;
    std::string m_otherPost;

    std::int64_t fingerprint() {
        storage::Database* db = m_server->server().database("post");
        auto rows = db->transact([](storage::Tx& tx) {
            return tx.exec(
                "SELECT (SELECT COUNT(*) FROM likes) + (SELECT COUNT(*) FROM post_revisions) + "
                "(SELECT COALESCE(SUM(version + like_count), 0) FROM posts)");
        });
        return rows.ok() ? (*rows)[0].integer(0) : -1;
    }

    std::string createPost(const TestUser& as) {
        devcoll::post::v1::CreatePostRequest req;
        req.set_body("a post");
        devcoll::post::v1::CreatePostResponse resp;
        return m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp).ok() ? resp.post().id() : "";
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_me = m_server->registerUser("me");
        m_other = m_server->registerUser("other");
        m_myPost = createPost(m_me);
        m_otherPost = createPost(m_other);
        QVERIFY(!m_myPost.empty() && !m_otherPost.empty());
    }

    void rejected_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("json");
        QTest::addColumn<bool>("signedIn");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const int invalid = grpc::StatusCode::INVALID_ARGUMENT;
        const int notFound = grpc::StatusCode::NOT_FOUND;
        const QString longBody = QString(10'001, 'x');
        QTest::newRow("create: anonymous")
            << "CreatePost"
            << R"({"body":"hi"})" << false << int(grpc::StatusCode::UNAUTHENTICATED) << "authorization";
        QTest::newRow("create: empty body") << "CreatePost"
                                            << "{}" << true << invalid << "body";
        QTest::newRow("create: 10001-char body") << "CreatePost"
                                                 << "{\"body\":\"" + longBody + "\"}" << true << invalid << "body";
        QTest::newRow("create: control char") << "CreatePost"
                                              << R"({"body":"a\u0000b"})" << true << invalid << "body";
        QTest::newRow("create: bad id") << "CreatePost"
                                        << R"({"post_id":"42","body":"hi"})" << true << invalid << "post_id";
        QTest::newRow("create: 5 media") << "CreatePost"
                                         << R"({"body":"hi","media_ids":["$U","$U","$U","$U","$U"]})" << true << invalid
                                         << "media_ids";
        QTest::newRow("create: bad media id")
            << "CreatePost"
            << R"({"body":"hi","media_ids":["x.png"]})" << true << invalid << "media_ids";
        QTest::newRow("create: same media twice")
            << "CreatePost"
            << R"({"body":"hi","media_ids":["$U","$U"]})" << true << invalid << "media_ids";
        QTest::newRow("create: unknown visibility")
            << "CreatePost"
            << R"({"body":"hi","visibility":7})" << true << invalid << "visibility";
        QTest::newRow("get: empty id") << "GetPost"
                                       << "{}" << true << invalid << "post_id";
        QTest::newRow("get: unknown") << "GetPost"
                                      << R"({"post_id":"$UNKNOWN"})" << true << notFound << "post_id";
        QTest::newRow("update: no mask") << "UpdatePost"
                                         << R"({"post":{"id":"$MINE","body":"x"},"expected_version":1})" << true
                                         << invalid << "update_mask";
        QTest::newRow("update: bad mask") << "UpdatePost"
                                          << R"({"post":{"id":"$MINE"},"update_mask":"likeCount","expected_version":1})"
                                          << true << invalid << "update_mask";
        QTest::newRow("update: no version")
            << "UpdatePost"
            << R"({"post":{"id":"$MINE","body":"x"},"update_mask":"body"})" << true << invalid << "expected_version";
        QTest::newRow("update: empty body")
            << "UpdatePost"
            << R"({"post":{"id":"$MINE"},"update_mask":"body","expected_version":1})" << true << invalid << "body";
        QTest::newRow("update: no id") << "UpdatePost"
                                       << R"({"post":{"body":"x"},"update_mask":"body","expected_version":1})" << true
                                       << invalid << "post.id";
        QTest::newRow("update: someone else's")
            << "UpdatePost"
            << R"({"post":{"id":"$THEIRS","body":"x"},"update_mask":"body","expected_version":1})" << true
            << int(grpc::StatusCode::PERMISSION_DENIED) << "author";
        QTest::newRow("update: stale")
            << "UpdatePost"
            << R"({"post":{"id":"$MINE","body":"x"},"update_mask":"body","expected_version":9})" << true
            << int(grpc::StatusCode::FAILED_PRECONDITION) << "current version is 1";
        QTest::newRow("delete: bad id") << "DeletePost"
                                        << R"({"post_id":"abc"})" << true << invalid << "post_id";
        QTest::newRow("delete: someone else's")
            << "DeletePost"
            << R"({"post_id":"$THEIRS"})" << true << int(grpc::StatusCode::PERMISSION_DENIED) << "author";
        QTest::newRow("revisions: page of 101")
            << "ListPostRevisions"
            << R"({"post_id":"$MINE","page_size":101})" << true << invalid << "page_size";
        QTest::newRow("revisions: forged token")
            << "ListPostRevisions"
            << R"({"post_id":"$MINE","page_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})" << true
            << invalid << "page_token";
        QTest::newRow("user posts: bad user") << "ListUserPosts"
                                              << R"({"user_id":"me"})" << true << invalid << "user_id";
        QTest::newRow("user posts: negative page")
            << "ListUserPosts"
            << R"({"user_id":"$ME","page_size":-5})" << true << invalid << "page_size";
        QTest::newRow("feed: page of 101") << "GetFeed"
                                           << R"({"page_size":101})" << true << invalid << "page_size";
        QTest::newRow("feed: forged token")
            << "GetFeed"
            << R"({"page_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})" << true << invalid
            << "page_token";
        QTest::newRow("feed: forged mark")
            << "GetFeed"
            << R"({"newer_than_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})" << true << invalid
            << "newer_than_token";
        QTest::newRow("feed: both tokens")
            << "GetFeed"
            << R"({"page_token":"a","newer_than_token":"b"})" << true << invalid << "newer_than_token";
        QTest::newRow("comment: no post") << "CreateComment"
                                          << R"({"body":"hi"})" << true << invalid << "post_id";
        QTest::newRow("comment: empty body") << "CreateComment"
                                             << R"({"post_id":"$MINE"})" << true << invalid << "body";
        QTest::newRow("comment: 2001 chars")
            << "CreateComment"
            << "{\"post_id\":\"$MINE\",\"body\":\"" + QString(2001, 'c') + "\"}" << true << invalid << "body";
        QTest::newRow("comment: bad parent")
            << "CreateComment"
            << R"({"post_id":"$MINE","parent_comment_id":"p","body":"hi"})" << true << invalid << "parent_comment_id";
        QTest::newRow("comment: unknown parent") << "CreateComment"
                                                 << R"({"post_id":"$MINE","parent_comment_id":"$UNKNOWN","body":"hi"})"
                                                 << true << invalid << "parent_comment_id";
        QTest::newRow("comment: unknown post")
            << "CreateComment"
            << R"({"post_id":"$UNKNOWN","body":"hi"})" << true << notFound << "post_id";
        QTest::newRow("comments: bad post") << "ListComments"
                                            << R"({"post_id":"x"})" << true << invalid << "post_id";
        QTest::newRow("comments: forged token")
            << "ListComments"
            << R"({"post_id":"$MINE","page_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})" << true
            << invalid << "page_token";
        QTest::newRow("delete comment: bad id") << "DeleteComment"
                                                << R"({"comment_id":"1"})" << true << invalid << "comment_id";
        QTest::newRow("delete comment: unknown") << "DeleteComment"
                                                 << R"({"comment_id":"$UNKNOWN"})" << true << notFound << "comment_id";
        QTest::newRow("likes: bad post") << "ListPostLikes"
                                         << R"({"post_id":""})" << true << invalid << "post_id";
        QTest::newRow("likes: unknown post") << "ListPostLikes"
                                             << R"({"post_id":"$UNKNOWN"})" << true << notFound << "post_id";
        QTest::newRow("like: empty id") << "LikePost"
                                        << "{}" << true << invalid << "post_id";
        QTest::newRow("like: unknown") << "LikePost"
                                       << R"({"post_id":"$UNKNOWN"})" << true << notFound << "post_id";
        QTest::newRow("unlike: bad id") << "UnlikePost"
                                        << R"({"post_id":"?"})" << true << invalid << "post_id";
    }

    void rejected() {
        QFETCH(QString, method);
        QFETCH(QString, json);
        QFETCH(bool, signedIn);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        json.replace("$MINE", QString::fromStdString(m_myPost))
            .replace("$THEIRS", QString::fromStdString(m_otherPost))
            .replace("$ME", QString::fromStdString(m_me.id))
            .replace("$UNKNOWN", QString::fromStdString(newUuidV7()))
            .replace("$U", QString::fromStdString(newUuidV7()));
        const std::int64_t before = fingerprint();
        const grpc::Status status = m_server->callJson("devcoll.post.v1.PostService." + method.toStdString(),
                                                       json.toStdString(), signedIn ? &m_me : nullptr);
        QVERIFY2(status.error_code() == code, qPrintable(describe(status)));
        QVERIFY2(QString::fromStdString(status.error_message()).contains(mentions), qPrintable(describe(status)));
        QCOMPARE(fingerprint(), before);
    }
};

QTEST_GUILESS_MAIN(TestPostBadInput)
#include "tst_post_bad_input.moc"
