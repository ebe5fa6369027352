// The search service over real gRPC, fed only by events: posts and users findable soon after
// they are written, gone when deleted, ranked, filtered by the query language, visible only
// to whom they should be, and hostile queries answered without an internal error.
#include <QTest>

#include "devcoll/ids.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;
namespace sv1 = devcoll::search::v1;
namespace uv1 = devcoll::user::v1;

class TestSearchService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<sv1::SearchService::Stub> m_search;

    TestUser newUser(const std::string& prefix) {
        TestUser u = m_server->registerUser(prefix);
        if (!m_server->waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }

    std::string post(const TestUser& as, const std::string& body, pv1::Visibility visibility = pv1::VISIBILITY_PUBLIC) {
        pv1::CreatePostRequest req;
        req.set_body(body);
        req.set_visibility(visibility);
        pv1::CreatePostResponse resp;
        return m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp).ok() ? resp.post().id() : "";
    }

    grpc::Status searchPosts(const TestUser& as, const std::string& query, sv1::SearchPostsResponse* out,
                             const std::string& authorId = "") {
        sv1::SearchPostsRequest req;
        req.set_query(query);
        req.set_author_id(authorId);
        req.set_page_size(50);
        return m_search->SearchPosts(TestServer::as(as).get(), req, out);
    }

    // The ids of the posts `query` finds for `as`, in order ("ERROR" on failure).
    QStringList found(const TestUser& as, const std::string& query) {
        sv1::SearchPostsResponse resp;
        const grpc::Status status = searchPosts(as, query, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList ids;
        for (const auto& h : resp.hits()) ids << QString::fromStdString(h.post().id());
        return ids;
    }

    QStringList usersFound(const TestUser& as, const std::string& query) {
        sv1::SearchUsersRequest req;
        req.set_query(query);
        sv1::SearchUsersResponse resp;
        const grpc::Status status = m_search->SearchUsers(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList names;
        for (const auto& h : resp.hits()) names << QString::fromStdString(h.user().username());
        return names;
    }

    static QString q(const std::string& s) { return QString::fromStdString(s); }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_search = sv1::SearchService::NewStub(m_server->channel());
    }

    void aPostIsFoundOnceWrittenAndGoneOnceDeleted() {
        TestUser me = newUser("writer");
        const std::string id = post(me, "Today I learned how tokio schedules async tasks");
        QVERIFY(!id.empty());
        QTRY_COMPARE(found(me, "tokio schedules"), QStringList{q(id)});
        QCOMPARE(found(me, "tokio sched"), QStringList{q(id)});  // the last word as you type
        pv1::UpdatePostRequest update;
        update.mutable_post()->set_id(id);
        update.mutable_post()->set_body("Rewritten: all about io_uring now");
        update.mutable_update_mask()->add_paths("body");
        update.set_expected_version(1);
        pv1::UpdatePostResponse updated;
        QVERIFY(m_server->posts().UpdatePost(TestServer::as(me).get(), update, &updated).ok());
        QTRY_COMPARE(found(me, "io_uring"), QStringList{q(id)});
        QCOMPARE(found(me, "tokio"), QStringList{});  // old words gone
        pv1::DeletePostRequest del;
        del.set_post_id(id);
        pv1::DeletePostResponse deleted;
        QVERIFY(m_server->posts().DeletePost(TestServer::as(me).get(), del, &deleted).ok());
        QTRY_COMPARE(found(me, "io_uring"), QStringList{});
    }

    void theQueryLanguageWorks() {
        TestUser ada = newUser("ada");
        TestUser bob = newUser("bob");
        const std::string a = post(ada, "Zebrafish templates in C++ with std::vector and #cpp20 concepts");
        const std::string b = post(bob, "Zebrafish in node.js: the event loop, snake_case_names and #javascript");
        const std::string c = post(ada, "Zebrafish phrase: exact order matters here");
        QVERIFY(!a.empty() && !b.empty() && !c.empty());
        QTRY_COMPARE(found(ada, "zebrafish").size(), 3);
        QCOMPARE(found(ada, "zebrafish c++"), QStringList{q(a)});
        QCOMPARE(found(ada, "zebrafish std::vector"), QStringList{q(a)});
        QCOMPARE(found(ada, "zebrafish node.js"), QStringList{q(b)});
        QCOMPARE(found(ada, "zebrafish snake_case_names"), QStringList{q(b)});
        QCOMPARE(found(ada, "zebrafish \"exact order\""), QStringList{q(c)});
        QCOMPARE(found(ada, "zebrafish \"order exact\""), QStringList{});
        QCOMPARE(found(ada, "zebrafish -templates -\"event loop\""), QStringList{q(c)});
        QCOMPARE(found(ada, "zebrafish from:" + bob.username), QStringList{q(b)});
        QCOMPARE(found(ada, "#cpp20"), QStringList{q(a)});
        QCOMPARE(found(ada, "zebrafish #javascript"), QStringList{q(b)});
        QCOMPARE(found(ada, "zebrafish from:nobody_here"), QStringList{});
        // A hit names its author and shows where it matched.
        sv1::SearchPostsResponse resp;
        QVERIFY(searchPosts(ada, "concepts", &resp).ok());
        QCOMPARE(resp.hits_size(), 1);
        const auto& hit = resp.hits(0);
        QCOMPARE(hit.author().username(), ada.username);
        QCOMPARE(hit.snippet().highlights_size(), 1);
        const auto& h = hit.snippet().highlights(0);
        QCOMPARE(hit.snippet().text().substr(h.start(), h.end() - h.start()), std::string("concepts"));
    }

    void followersOnlyPostsStayWithFollowers() {
        TestUser author = newUser("private");
        TestUser follower = newUser("fan");
        TestUser stranger = newUser("stranger");
        uv1::FollowRequest follow;
        follow.set_user_id(author.id);
        uv1::FollowResponse followed;
        QVERIFY(m_server->users().Follow(TestServer::as(follower).get(), follow, &followed).ok());
        const std::string id = post(author, "quokkapedia secrets for my followers", pv1::VISIBILITY_FOLLOWERS);
        QTRY_COMPARE(found(author, "quokkapedia"), QStringList{q(id)});
        QTRY_COMPARE(found(follower, "quokkapedia"), QStringList{q(id)});
        QCOMPARE(found(stranger, "quokkapedia"), QStringList{});
    }

    void usersAreFoundAsYouType() {
        TestUser fan = newUser("tokodon_fan");
        TestUser other = newUser("tokyo");
        // Each profile reaches the index through its own event: wait for both.
        QTRY_VERIFY(usersFound(fan, "tok").contains(q(fan.username)));
        QTRY_VERIFY(usersFound(fan, "tok").contains(q(other.username)));
        // The exact username first.
        QCOMPARE(usersFound(fan, other.username).value(0), q(other.username));
        QCOMPARE(usersFound(fan, fan.username).value(0), q(fan.username));
    }

    void unicodeBehavesAsDocumented() {
        TestUser me = newUser("polyglot");
        const std::string cjk = post(me, "東京タワーの夜景 is lovely");
        const std::string accents = post(me, "Crème brûlée résumé");
        const std::string emoji = post(me, "ship it 🚀 wombatrocket");
        QTRY_COMPARE(found(me, "wombatrocket"), QStringList{q(emoji)});
        QCOMPARE(found(me, "タワー"), QStringList{q(cjk)});  // any run of CJK characters in it
        QCOMPARE(found(me, "東京"), QStringList{q(cjk)});
        QCOMPARE(found(me, "brûlée"), QStringList{q(accents)});  // accents are significant
        QCOMPARE(found(me, "brulee"), QStringList{});
        QCOMPARE(found(me, "CRÈME"), QStringList{});  // only ASCII letters fold their case
        // Emoji are not words: a query of only emoji asks for nothing.
        sv1::SearchPostsResponse resp;
        DEVCOLL_COMPARE_CODE(searchPosts(me, "🚀", &resp), grpc::StatusCode::INVALID_ARGUMENT);
    }

    void filtersAndPagesAreChecked_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("posts: bad author") << "SearchPosts"
                                           << R"({"query":"x","author_id":"ada"})"
                                           << "author_id";
        QTest::newRow("posts: until before since")
            << "SearchPosts"
            << R"({"query":"x","since":"2026-01-02T00:00:00Z","until":"2026-01-01T00:00:00Z"})"
            << "until";
        QTest::newRow("posts: page of 101") << "SearchPosts"
                                            << R"({"query":"x","page_size":101})"
                                            << "page_size";
        QTest::newRow("posts: forged token")
            << "SearchPosts"
            << R"({"query":"x","page_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})"
            << "page_token";
        QTest::newRow("posts: no query, no filter") << "SearchPosts"
                                                    << R"({})"
                                                    << "query";
        QTest::newRow("users: negative page") << "SearchUsers"
                                              << R"({"query":"x","page_size":-1})"
                                              << "page_size";
        QTest::newRow("users: tag only") << "SearchUsers"
                                         << R"({"query":"#rust"})"
                                         << "query";
        QTest::newRow("all: 51 users") << "SearchAll"
                                       << R"({"query":"x","users_limit":51})"
                                       << "users_limit";
        QTest::newRow("all: negative posts") << "SearchAll"
                                             << R"({"query":"x","posts_limit":-2})"
                                             << "posts_limit";
    }
    void filtersAndPagesAreChecked() {
        QFETCH(QString, method);
        QFETCH(QString, json);
        QFETCH(QString, mentions);
        TestUser me = newUser("filterer");
        const grpc::Status status =
            m_server->callJson("devcoll.search.v1.SearchService." + method.toStdString(), json.toStdString(), &me);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QString::fromStdString(status.error_message()).contains(mentions), qPrintable(describe(status)));
    }

    void filtersNarrowAndPagesContinue() {
        TestUser me = newUser("pager");
        std::vector<std::string> ids;
        for (int i = 0; i < 5; ++i) ids.push_back(post(me, "pangolin number " + std::to_string(i)));
        QTRY_COMPARE(found(me, "pangolin").size(), 5);
        // An empty query with a filter: the author's posts, newest first.
        sv1::SearchPostsResponse resp;
        QVERIFY(searchPosts(me, "", &resp, me.id).ok());
        QCOMPARE(resp.hits_size(), 5);
        QCOMPARE(resp.hits(0).post().id(), ids.back());
        // Pages of 2 cover everything once.
        QStringList seen;
        std::string token;
        int pages = 0;
        do {
            sv1::SearchPostsRequest req;
            req.set_query("pangolin");
            req.set_page_size(2);
            req.set_page_token(token);
            sv1::SearchPostsResponse page;
            QVERIFY(m_search->SearchPosts(TestServer::as(me).get(), req, &page).ok());
            for (const auto& h : page.hits()) seen << q(h.post().id());
            token = page.next_page_token();
            ++pages;
        } while (!token.empty() && pages < 10);
        QCOMPARE(pages, 3);
        seen.sort();
        QStringList all;
        for (const auto& id : ids) all << q(id);
        all.sort();
        QCOMPARE(seen, all);
        // has_media: none of these has any.
        sv1::SearchPostsRequest withMedia;
        withMedia.set_query("pangolin");
        withMedia.set_has_media(true);
        QVERIFY(m_search->SearchPosts(TestServer::as(me).get(), withMedia, &resp).ok());
        QCOMPARE(resp.hits_size(), 0);
        // SearchAll: the user and the posts at once.
        sv1::SearchAllRequest allReq;
        allReq.set_query("pangolin");
        sv1::SearchAllResponse allResp;
        QVERIFY(m_search->SearchAll(TestServer::as(me).get(), allReq, &allResp).ok());
        QCOMPARE(allResp.posts_size(), 5);
    }

    void hostileQueriesNeverBreakTheEngine_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("valid");
        for (const char* hostile : {"NEAR(", "\"", "*", "OR OR", "AND", "a:b:c", "(((", "'; DROP TABLE x; --", "\\",
                                    "^", "col:term", "a*b*", "\"\"\"", "- -", "tok\"en", "!&|:*<->"}) {
            QTest::newRow(hostile) << hostile << true;
        }
        QTest::newRow("10 kB") << QString(10'000, 'x') << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("only exclusions") << "-this -that" << false;
    }
    void hostileQueriesNeverBreakTheEngine() {
        QFETCH(QString, query);
        QFETCH(bool, valid);
        TestUser me = newUser("hacker");
        sv1::SearchPostsResponse resp;
        const grpc::Status posts = searchPosts(me, query.toStdString(), &resp);
        sv1::SearchUsersRequest req;
        req.set_query(query.toStdString());
        sv1::SearchUsersResponse users;
        const grpc::Status found = m_search->SearchUsers(TestServer::as(me).get(), req, &users);
        for (const grpc::Status& status : {posts, found}) {
            QVERIFY2(status.ok() || status.error_code() == grpc::StatusCode::INVALID_ARGUMENT,
                     qPrintable(describe(status)));
            if (!valid) DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
            if (!status.ok()) QVERIFY(QString::fromStdString(status.error_message()).contains("query"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSearchService)
#include "tst_search_service.moc"
