// The user service over real gRPC: profiles, optimistic concurrency, the follow graph with
// keyset pages, account deletion, and exactly-once application of its events.
#include <QTest>

#include <set>

#include "devcoll/ids.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace av1 = devcoll::auth::v1;
namespace uv1 = devcoll::user::v1;

class TestUserService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    TestUser newUser(const std::string& prefix) {
        TestUser u = m_server->registerUser(prefix);
        if (!m_server->waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }

    grpc::Status getUser(const TestUser& as, const std::string& id, uv1::UserProfile* out) {
        uv1::GetUserRequest req;
        req.set_user_id(id);
        uv1::GetUserResponse resp;
        const grpc::Status status = m_server->users().GetUser(TestServer::as(as).get(), req, &resp);
        *out = resp.user();
        return status;
    }

    grpc::Status follow(const TestUser& who, const std::string& target) {
        uv1::FollowRequest req;
        req.set_user_id(target);
        uv1::FollowResponse resp;
        return m_server->users().Follow(TestServer::as(who).get(), req, &resp);
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void emailIsVisibleOnlyToItsOwner() {
        TestUser a = newUser("priv");
        TestUser b = newUser("priv");
        uv1::UserProfile seen;
        QVERIFY(getUser(a, a.id, &seen).ok());
        QCOMPARE(seen.email(), a.email);
        QCOMPARE(seen.username(), a.username);
        QCOMPARE(seen.version(), std::int64_t{1});
        QVERIFY(getUser(b, a.id, &seen).ok());
        QVERIFY(seen.email().empty());

        uv1::GetUserByUsernameRequest req;
        req.set_username(QString::fromStdString(a.username).toUpper().toStdString());
        uv1::GetUserByUsernameResponse resp;
        QVERIFY(m_server->users().GetUserByUsername(TestServer::as(b).get(), req, &resp).ok());
        QCOMPARE(resp.user().id(), a.id);
    }

    void updateWithStaleVersionIsRefused() {
        TestUser a = newUser("upd");
        uv1::UpdateProfileRequest req;
        req.mutable_profile()->set_bio("I write ```cpp\nstd::vector``` all day");
        req.mutable_profile()->set_display_name("Ada");
        req.mutable_update_mask()->add_paths("bio");
        req.set_expected_version(1);
        uv1::UpdateProfileResponse resp;
        grpc::Status status = m_server->users().UpdateProfile(TestServer::as(a).get(), req, &resp);
        QVERIFY2(status.ok(), qPrintable(describe(status)));
        QCOMPARE(resp.user().version(), std::int64_t{2});
        QCOMPARE(resp.user().bio(), req.profile().bio());
        QCOMPARE(resp.user().display_name(), a.username);  // not in the mask: unchanged

        // A second edit still based on version 1 is refused and told the current version.
        req.mutable_profile()->set_bio("offline edit");
        grpc::ClientContext ctx;
        ctx.AddMetadata("authorization", "Bearer " + a.accessToken);
        status = m_server->users().UpdateProfile(&ctx, req, &resp);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY(status.error_message().find("current version is 2") != std::string::npos);
        const auto trailers = ctx.GetServerTrailingMetadata();
        const auto current = trailers.find("devcoll-current-version");
        QVERIFY(current != trailers.end());
        QCOMPARE(std::string(current->second.data(), current->second.size()), std::string("2"));
        uv1::UserProfile seen;
        QVERIFY(getUser(a, a.id, &seen).ok());
        QCOMPARE(seen.bio(), std::string("I write ```cpp\nstd::vector``` all day"));
    }

    void followIsIdempotentAndCountsStayExact() {
        TestUser a = newUser("fa");
        TestUser b = newUser("fb");
        QVERIFY(follow(a, b.id).ok());
        QVERIFY(follow(a, b.id).ok());
        uv1::UserProfile seen;
        QVERIFY(getUser(a, b.id, &seen).ok());
        QCOMPARE(seen.followers_count(), std::int64_t{1});
        QVERIFY(seen.followed_by_me());
        QVERIFY(getUser(a, a.id, &seen).ok());
        QCOMPARE(seen.following_count(), std::int64_t{1});

        DEVCOLL_COMPARE_CODE(follow(a, a.id), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(follow(a, newUuidV7()), grpc::StatusCode::NOT_FOUND);

        uv1::UnfollowRequest req;
        req.set_user_id(b.id);
        uv1::UnfollowResponse resp;
        QVERIFY(m_server->users().Unfollow(TestServer::as(a).get(), req, &resp).ok());
        QVERIFY(m_server->users().Unfollow(TestServer::as(a).get(), req, &resp).ok());
        QCOMPARE(resp.user().followers_count(), std::int64_t{0});
        QVERIFY(!resp.user().followed_by_me());
    }

    void concurrentFollowsCountExactly() {
        TestUser star = newUser("star");
        std::vector<TestUser> fans;
        for (int i = 0; i < 12; ++i) fans.push_back(newUser("fan"));
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (const TestUser& fan : fans) {
            threads.emplace_back([&, fan] {
                for (int k = 0; k < 3; ++k) failures += follow(fan, star.id).ok() ? 0 : 1;
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(failures.load(), 0);
        uv1::UserProfile seen;
        QVERIFY(getUser(star, star.id, &seen).ok());
        QCOMPARE(seen.followers_count(), std::int64_t{12});
    }

    void followersPageThroughTwoHundredFiftyWithoutGapsOrRepeats() {
        TestUser star = newUser("celebrity");
        std::set<std::string> expected;
        for (int i = 0; i < 250; ++i) {
            TestUser fan = m_server->registerUser("follower");
            QVERIFY(m_server->waitForProfile(fan));
            QVERIFY(follow(fan, star.id).ok());
            expected.insert(fan.id);
        }
        std::set<std::string> seen;
        std::vector<std::string> order;
        std::string token;
        int pages = 0;
        do {
            uv1::ListFollowersRequest req;
            req.set_user_id(star.id);
            req.set_page_size(pages == 0 ? 0 : 100);  // the first page uses the default (20)
            req.set_page_token(token);
            uv1::ListFollowersResponse resp;
            const grpc::Status status = m_server->users().ListFollowers(TestServer::as(star).get(), req, &resp);
            QVERIFY2(status.ok(), qPrintable(describe(status)));
            QVERIFY(resp.users_size() <= (pages == 0 ? 20 : 100));
            for (const auto& u : resp.users()) {
                QVERIFY2(seen.insert(u.id()).second, "a follower appeared twice");
                order.push_back(u.id());
            }
            token = resp.next_page_token();
            ++pages;
        } while (!token.empty() && pages < 20);
        QCOMPARE(seen, expected);
        QCOMPARE(pages, 1 + 3);  // 20, then 100, 100, 30
        // Newest first: ids are UUIDv7, created in follow order.
        QVERIFY(std::is_sorted(order.rbegin(), order.rend()));

        // Following lists page too.
        uv1::ListFollowingRequest following;
        following.set_user_id(*expected.begin());
        uv1::ListFollowingResponse followingResp;
        QVERIFY(m_server->users().ListFollowing(TestServer::as(star).get(), following, &followingResp).ok());
        QCOMPARE(followingResp.users_size(), 1);
        QCOMPARE(followingResp.users(0).id(), star.id);
    }

    void pageTokensAreTamperChecked() {
        TestUser a = newUser("tok");
        TestUser b = newUser("tok");
        TestUser c = newUser("tok");
        QVERIFY(follow(b, a.id).ok());
        QVERIFY(follow(c, a.id).ok());
        uv1::ListFollowersRequest req;
        req.set_user_id(a.id);
        req.set_page_size(1);
        uv1::ListFollowersResponse resp;
        QVERIFY(m_server->users().ListFollowers(TestServer::as(a).get(), req, &resp).ok());
        QVERIFY(!resp.next_page_token().empty());

        std::string forged = resp.next_page_token();
        forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
        req.set_page_token(forged);
        grpc::Status status = m_server->users().ListFollowers(TestServer::as(a).get(), req, &resp);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY(status.error_message().find("page_token") != std::string::npos);

        // A token of one list does not page another.
        QVERIFY(m_server->users()
                    .ListFollowers(
                        TestServer::as(a).get(),
                        [&] {
                            uv1::ListFollowersRequest r;
                            r.set_user_id(a.id);
                            r.set_page_size(1);
                            return r;
                        }(),
                        &resp)
                    .ok());
        req.set_user_id(b.id);
        req.set_page_token(resp.next_page_token());
        DEVCOLL_COMPARE_CODE(m_server->users().ListFollowers(TestServer::as(a).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
    }

    void deletedAccountIsGoneEverywhere() {
        TestUser doomed = newUser("doomed");
        TestUser friend_ = newUser("friend");
        QVERIFY(follow(doomed, friend_.id).ok());
        QVERIFY(follow(friend_, doomed.id).ok());

        uv1::DeleteAccountRequest req;
        req.set_password("wrong-password");
        uv1::DeleteAccountResponse resp;
        DEVCOLL_COMPARE_CODE(m_server->users().DeleteAccount(TestServer::as(doomed).get(), req, &resp),
                             grpc::StatusCode::PERMISSION_DENIED);
        req.set_password(doomed.password);
        const grpc::Status status = m_server->users().DeleteAccount(TestServer::as(doomed).get(), req, &resp);
        QVERIFY2(status.ok(), qPrintable(describe(status)));

        uv1::UserProfile seen;
        DEVCOLL_COMPARE_CODE(getUser(friend_, doomed.id, &seen), grpc::StatusCode::NOT_FOUND);
        QVERIFY(getUser(friend_, friend_.id, &seen).ok());
        QCOMPARE(seen.followers_count(), std::int64_t{0});
        QCOMPARE(seen.following_count(), std::int64_t{0});

        // Auth consumed USER_DELETED: no more logins, refreshes or valid sessions.
        av1::LoginRequest login;
        login.set_login(doomed.username);
        login.set_password(doomed.password);
        av1::LoginResponse loggedIn;
        QTRY_VERIFY_WITH_TIMEOUT(m_server->auth().Login(TestServer::anonymous().get(), login, &loggedIn).error_code() ==
                                     grpc::StatusCode::UNAUTHENTICATED,
                                 5000);
        av1::RefreshTokenRequest refresh;
        refresh.set_refresh_token(doomed.refreshToken);
        av1::RefreshTokenResponse refreshed;
        DEVCOLL_COMPARE_CODE(m_server->auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed),
                             grpc::StatusCode::UNAUTHENTICATED);
        av1::ValidateTokenRequest validate;
        validate.set_access_token(doomed.accessToken);
        av1::ValidateTokenResponse who;
        DEVCOLL_COMPARE_CODE(m_server->auth().ValidateToken(TestServer::anonymous().get(), validate, &who),
                             grpc::StatusCode::UNAUTHENTICATED);
        // The name is free again.
        av1::RegisterRequest again;
        again.set_username(doomed.username);
        again.set_email(doomed.email);
        again.set_password("password-456");
        av1::RegisterResponse registered;
        QVERIFY(m_server->auth().Register(TestServer::anonymous().get(), again, &registered).ok());
    }

    void redeliveredRegistrationCreatesOneProfile() {
        // The same USER_REGISTERED event delivered twice (as after a crash between delivery and
        // the relay's bookkeeping) creates the profile once.
        const std::string id = newUuidV7();
        auto e = events::newEnvelope(events::v1::EVENT_TYPE_USER_REGISTERED, id, 1, "auth");
        auto* r = e.mutable_user_registered();
        r->set_user_id(id);
        r->set_username("redelivered_" + randomHex(3));
        r->set_email(r->username() + "@example.com");
        r->set_display_name("Twice");
        *r->mutable_created_at() = toTimestamp(nowMicros());
        std::atomic<int> confirmed{0};
        m_server->server().transport().publish(e, [&](bool accepted) { confirmed += accepted ? 1 : 0; });
        m_server->server().transport().publish(e, [&](bool accepted) { confirmed += accepted ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.load(), 2, 5000);

        storage::Database* db = m_server->server().database("user");
        QVERIFY(db);
        auto rows = db->transact([&](storage::Tx& tx) {
            return tx.exec("SELECT COUNT(*), MAX(version) FROM profiles WHERE id = $1", {id});
        });
        QVERIFY(rows.ok());
        QCOMPARE((*rows)[0].integer(0), std::int64_t{1});
        QCOMPARE((*rows)[0].integer(1), std::int64_t{1});
        auto inbox = db->transact([&](storage::Tx& tx) {
            return tx.exec("SELECT COUNT(*) FROM event_inbox WHERE event_id = $1", {e.event_id()});
        });
        QVERIFY(inbox.ok());
        QCOMPARE((*inbox)[0].integer(0), std::int64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestUserService)
#include "tst_user_service.moc"
