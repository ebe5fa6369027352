// The moderation service over real gRPC: who may call what, reports that merge, hiding a post
// (gone from feed, search and other replicas; its author still sees it, marked), suspending an
// account (login refused, a live token refused at once), conflicts between moderators, and the
// append-only audit log.
#include <QTest>

#include "devcoll/ids.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace mv1 = devcoll::moderation::v1;
namespace pv1 = devcoll::post::v1;

namespace {

mv1::Subject subject(mv1::SubjectKind kind, const std::string& id) {
    mv1::Subject s;
    s.set_kind(kind);
    s.set_id(id);
    return s;
}

std::string trailer(const grpc::ClientContext& ctx, const std::string& key) {
    const auto& metadata = ctx.GetServerTrailingMetadata();
    const auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

class TestModerationService final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<mv1::ModerationService::Stub> m_moderation;
    std::unique_ptr<devcoll::search::v1::SearchService::Stub> m_search;
    std::unique_ptr<sv1::SyncService::Stub> m_sync;
    TestUser m_moderator;
    TestUser m_admin;

    mv1::ModerationService::Stub& moderation() { return *m_moderation; }

    grpc::Status report(const TestUser& as, mv1::SubjectKind kind, const std::string& id, mv1::Report* out = nullptr,
                        mv1::ReportReason reason = mv1::REPORT_REASON_SPAM, const std::string& note = "") {
        mv1::ReportContentRequest req;
        *req.mutable_subject() = subject(kind, id);
        req.set_reason(reason);
        req.set_note(note);
        mv1::ReportContentResponse resp;
        const grpc::Status status = moderation().ReportContent(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.report();
        return status;
    }

    grpc::Status hide(const TestUser& as, const std::string& postId, mv1::Action* out = nullptr,
                      const std::string& actionId = "") {
        mv1::HidePostRequest req;
        req.set_post_id(postId);
        req.set_reason("Spam: the same link posted 40 times");
        req.set_action_id(actionId);
        mv1::HidePostResponse resp;
        const grpc::Status status = moderation().HidePost(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.action();
        return status;
    }

    grpc::Status getPost(const TestUser& as, const std::string& id, pv1::Post* out = nullptr) {
        pv1::GetPostRequest req;
        req.set_post_id(id);
        pv1::GetPostResponse resp;
        const grpc::Status status = m_server->posts().GetPost(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.post();
        return status;
    }

    QStringList feed(const TestUser& as) {
        pv1::GetFeedRequest req;
        req.set_page_size(100);
        pv1::GetFeedResponse resp;
        const grpc::Status status = m_server->posts().GetFeed(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList ids;
        for (const auto& p : resp.posts()) ids << QString::fromStdString(p.id());
        return ids;
    }

    QStringList searched(const TestUser& as, const std::string& query) {
        devcoll::search::v1::SearchPostsRequest req;
        req.set_query(query);
        devcoll::search::v1::SearchPostsResponse resp;
        const grpc::Status status = m_search->SearchPosts(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) return {"ERROR " + describe(status)};
        QStringList ids;
        for (const auto& h : resp.hits()) ids << QString::fromStdString(h.post().id());
        return ids;
    }

    grpc::Status whoAmI(const TestUser& as) {
        devcoll::user::v1::GetUserRequest req;
        req.set_user_id(as.id);
        devcoll::user::v1::GetUserResponse resp;
        return m_server->users().GetUser(TestServer::as(as).get(), req, &resp);
    }

    grpc::Status login(const TestUser& who) {
        devcoll::auth::v1::LoginRequest req;
        req.set_login(who.username);
        req.set_password(who.password);
        devcoll::auth::v1::LoginResponse resp;
        return m_server->auth().Login(TestServer::anonymous().get(), req, &resp);
    }

    grpc::Status suspend(const TestUser& as, const std::string& userId, mv1::Action* out = nullptr) {
        mv1::SuspendUserRequest req;
        req.set_user_id(userId);
        req.set_reason("Repeated harassment after a warning");
        mv1::SuspendUserResponse resp;
        const grpc::Status status = moderation().SuspendUser(TestServer::as(as).get(), req, &resp);
        if (out) *out = resp.action();
        return status;
    }

    grpc::Status unsuspend(const TestUser& as, const std::string& userId) {
        mv1::UnsuspendUserRequest req;
        req.set_user_id(userId);
        req.set_reason("Appeal accepted");
        mv1::UnsuspendUserResponse resp;
        return moderation().UnsuspendUser(TestServer::as(as).get(), req, &resp);
    }

    std::vector<mv1::Action> auditLog(const TestUser& as, const std::string& affected = "", int pageSize = 100) {
        std::vector<mv1::Action> all;
        std::string token;
        do {
            mv1::ListAuditLogRequest req;
            req.set_affected_user_id(affected);
            req.set_page_size(pageSize);
            req.set_page_token(token);
            mv1::ListAuditLogResponse resp;
            const grpc::Status status = moderation().ListAuditLog(TestServer::as(as).get(), req, &resp);
            if (!status.ok()) {
                qWarning("ListAuditLog: %s", qPrintable(describe(status)));
                return {};
            }
            for (const auto& a : resp.actions()) all.push_back(a);
            token = resp.next_page_token();
        } while (!token.empty());
        return all;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_moderation = mv1::ModerationService::NewStub(m_server->channel());
        m_search = devcoll::search::v1::SearchService::NewStub(m_server->channel());
        m_sync = sv1::SyncService::NewStub(m_server->channel());
        m_moderator = m_server->newUserWithRole("mod", "moderator");
        QVERIFY(!m_moderator.accessToken.empty());
        m_admin = m_server->newUserWithRole("admin", "admin");
        QVERIFY(!m_admin.accessToken.empty());
    }

    // Every moderation call, for each role: users are refused, moderators and admins are not.
    void roleChecks_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("role");
        const QStringList methods{"ListReports",   "GetReport",    "DismissReport", "HidePost",      "UnhidePost",
                                  "RemovePost",    "HideComment",  "UnhideComment", "RemoveComment", "SuspendUser",
                                  "UnsuspendUser", "ListAuditLog", "ReportContent"};
        for (const QString& method : methods) {
            for (const QString& role : QStringList{"user", "moderator", "admin"}) {
                QTest::addRow("%s as %s", qPrintable(method), qPrintable(role)) << method << role;
            }
        }
    }
    void roleChecks() {
        QFETCH(QString, method);
        QFETCH(QString, role);
        TestUser caller = role == "user" ? m_server->newUser("plain") : role == "moderator" ? m_moderator : m_admin;
        TestUser author = m_server->newUser("author");
        const std::string postId = m_server->createPost(author, "Something to act on").id();
        QVERIFY(!postId.empty());
        // Protobuf JSON, built without raw string literals (moc cannot read them).
        const auto field = [](const char* name, const std::string& value) {
            return "\"" + std::string(name) + "\": \"" + value + "\"";
        };
        const std::string reason = field("reason", "checking roles");
        const std::string json = [&]() -> std::string {
            if (method == "ListReports" || method == "ListAuditLog") return "{}";
            if (method == "GetReport") return "{" + field("reportId", newUuidV7()) + "}";
            if (method == "DismissReport") return "{" + field("reportId", newUuidV7()) + ", " + reason + "}";
            if (method == "HidePost" || method == "UnhidePost" || method == "RemovePost")
                return "{" + field("postId", postId) + ", " + reason + "}";
            if (method.endsWith("Comment")) return "{" + field("commentId", newUuidV7()) + ", " + reason + "}";
            if (method == "ReportContent") {
                return "{\"subject\": {" + field("kind", "SUBJECT_KIND_POST") + ", " + field("id", postId) + "}, " +
                       field("reason", "REPORT_REASON_SPAM") + "}";
            }
            return "{" + field("userId", author.id) + ", " + reason + "}";  // (Un)SuspendUser
        }();
        const grpc::Status status =
            m_server->callJson("devcoll.moderation.v1.ModerationService." + method.toStdString(), json, &caller);
        const bool everyone = method == "ReportContent";
        if (role == "user" && !everyone) {
            DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::PERMISSION_DENIED);
            QVERIFY(status.error_message().find("moderator") != std::string::npos);
        } else {
            QVERIFY2(status.error_code() != grpc::StatusCode::PERMISSION_DENIED &&
                         status.error_code() != grpc::StatusCode::UNAUTHENTICATED,
                     qPrintable(describe(status)));
        }
    }

    void reportsOfOneSubjectMerge() {
        TestUser author = m_server->newUser("spammer");
        TestUser first = m_server->newUser("reporter");
        TestUser second = m_server->newUser("reporter");
        const pv1::Post post = m_server->createPost(author, "Buy cheap watches at example.test");
        QVERIFY(!post.id().empty());

        mv1::Report r1, r2, r3;
        DEVCOLL_COMPARE_CODE(report(first, mv1::SUBJECT_KIND_POST, post.id(), &r1), grpc::StatusCode::OK);
        QCOMPARE(r1.state(), mv1::REPORT_STATE_OPEN);
        QCOMPARE(r1.subject_author_id(), author.id);
        QCOMPARE(r1.subject_excerpt(), post.body());
        DEVCOLL_COMPARE_CODE(report(second, mv1::SUBJECT_KIND_POST, post.id(), &r2, mv1::REPORT_REASON_OTHER, "scam"),
                             grpc::StatusCode::OK);
        QCOMPARE(r2.id(), r1.id());
        // A reporter sees only their own complaint; a moderator sees all.
        QCOMPARE(r2.complaints_size(), 1);
        QCOMPARE(r2.complaints(0).note(), "scam");
        // The same reporter again only updates their complaint.
        DEVCOLL_COMPARE_CODE(report(first, mv1::SUBJECT_KIND_POST, post.id(), &r3, mv1::REPORT_REASON_HARASSMENT),
                             grpc::StatusCode::OK);
        QCOMPARE(r3.id(), r1.id());

        mv1::GetReportRequest req;
        req.set_report_id(r1.id());
        mv1::GetReportResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().GetReport(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::OK);
        QCOMPARE(resp.report().complaints_size(), 2);
        QCOMPARE(resp.report().complaints(0).reporter_id(), first.id);
        QCOMPARE(resp.report().complaints(0).reason(), mv1::REPORT_REASON_HARASSMENT);

        // The queue holds it once, oldest first.
        mv1::ListReportsRequest list;
        list.set_kind(mv1::SUBJECT_KIND_POST);
        list.set_page_size(100);
        mv1::ListReportsResponse page;
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::OK);
        int seen = 0;
        for (const auto& r : page.reports()) seen += r.id() == r1.id() ? 1 : 0;
        QCOMPARE(seen, 1);
        for (int i = 1; i < page.reports_size(); ++i) {
            QVERIFY(page.reports(i - 1).created_at().seconds() <= page.reports(i).created_at().seconds());
        }
    }

    void reportsOfWhatOneMayNotSeeOrOwnAreRefused() {
        TestUser author = m_server->newUser("private");
        TestUser stranger = m_server->newUser("stranger");
        const pv1::Post hidden = m_server->createPost(author, "Followers only", pv1::VISIBILITY_FOLLOWERS);
        const std::int64_t before = m_server->rowCount("moderation", {"reports", "complaints"});
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_POST, hidden.id()), grpc::StatusCode::NOT_FOUND);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_POST, newUuidV7()), grpc::StatusCode::NOT_FOUND);
        DEVCOLL_COMPARE_CODE(report(author, mv1::SUBJECT_KIND_POST, hidden.id()), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(author, mv1::SUBJECT_KIND_USER, author.id), grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_UNSPECIFIED, author.id),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(
            report(stranger, mv1::SUBJECT_KIND_USER, author.id, nullptr, static_cast<mv1::ReportReason>(99)),
            grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, author.id, nullptr, mv1::REPORT_REASON_SPAM,
                                    std::string(1001, 'x')),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, "not-an-id"), grpc::StatusCode::INVALID_ARGUMENT);
        QCOMPARE(m_server->rowCount("moderation", {"reports", "complaints"}), before);
        // A user can be reported by anyone who knows them.
        DEVCOLL_COMPARE_CODE(report(stranger, mv1::SUBJECT_KIND_USER, author.id), grpc::StatusCode::OK);
    }

    void reportsAreRateLimitedPerReporter() {
        TestUser busy = m_server->newUser("busy");
        TestUser target = m_server->newUser("target");
        std::vector<std::string> posts;
        for (int i = 0; i < 21; ++i) posts.push_back(m_server->createPost(target, "post " + std::to_string(i)).id());
        for (int i = 0; i < 20; ++i) {
            DEVCOLL_COMPARE_CODE(report(busy, mv1::SUBJECT_KIND_POST, posts[i]), grpc::StatusCode::OK);
        }
        mv1::ReportContentRequest req;
        *req.mutable_subject() = subject(mv1::SUBJECT_KIND_POST, posts[20]);
        req.set_reason(mv1::REPORT_REASON_SPAM);
        mv1::ReportContentResponse resp;
        auto ctx = TestServer::as(busy);
        DEVCOLL_COMPARE_CODE(moderation().ReportContent(ctx.get(), req, &resp), grpc::StatusCode::RESOURCE_EXHAUSTED);
        const int wait = std::stoi("0" + trailer(*ctx, "devcoll-retry-after-seconds"));
        QVERIFY2(wait > 3500 && wait <= 3601, qPrintable(QString::number(wait)));
        // Another reporter is not affected.
        DEVCOLL_COMPARE_CODE(report(m_server->newUser("other"), mv1::SUBJECT_KIND_POST, posts[20]),
                             grpc::StatusCode::OK);
    }

    void aHiddenPostLeavesFeedSearchAndOtherReplicas() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post post = m_server->createPost(author, "zanzibarquux miracle cure, click here");
        QVERIFY(!post.id().empty());
        const QString id = QString::fromStdString(post.id());
        QTRY_VERIFY(feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{id});
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, follower, replica));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, post.id())));
        Replica authors;
        QVERIFY(takeSnapshot(*m_sync, author, authors));

        mv1::Report opened;
        QVERIFY(report(follower, mv1::SUBJECT_KIND_POST, post.id(), &opened).ok());
        mv1::Action action;
        DEVCOLL_COMPARE_CODE(hide(m_moderator, post.id(), &action), grpc::StatusCode::OK);
        QCOMPARE(action.kind(), mv1::ACTION_KIND_HIDE_POST);
        QCOMPARE(action.affected_user_id(), author.id);
        QCOMPARE(action.moderator_id(), m_moderator.id);
        QCOMPARE(action.report_id(), opened.id());

        // Gone for everyone else: the post itself, the feed, search, the follower's replica.
        QTRY_COMPARE(getPost(follower, post.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY(!feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), !replica.has(sv1::ENTITY_KIND_POST, post.id())));
        // Its author still sees it, marked, with the reason; on the server and in their replica.
        pv1::Post seen;
        DEVCOLL_COMPARE_CODE(getPost(author, post.id(), &seen), grpc::StatusCode::OK);
        QVERIFY(seen.hidden());
        QCOMPARE(seen.hidden_reason(), action.reason());
        QVERIFY(!feed(author).contains(id));
        QTRY_VERIFY((pullAll(*m_sync, author, authors),
                     authors.has(sv1::ENTITY_KIND_POST, post.id()) &&
                         authors.entities.at({sv1::ENTITY_KIND_POST, post.id()}).post().hidden()));
        // The report is resolved by the action.
        mv1::GetReportRequest get;
        get.set_report_id(opened.id());
        mv1::GetReportResponse got;
        QVERIFY(moderation().GetReport(TestServer::as(m_moderator).get(), get, &got).ok());
        QCOMPARE(got.report().state(), mv1::REPORT_STATE_RESOLVED);
        QCOMPARE(got.report().resolved_by_action_id(), action.id());

        // Unhidden, it is back for the follower.
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(post.id());
        unhide.set_reason("Reviewed again: a satire account");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_admin).get(), unhide, &unhidden),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, post.id()).error_code(), grpc::StatusCode::OK);
        QTRY_VERIFY(feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{id});
    }

    void aSecondModeratorsActionConflicts() {
        TestUser author = m_server->newUser("author");
        const pv1::Post post = m_server->createPost(author, "Contested");
        TestUser other = m_server->newUserWithRole("mod2", "moderator");
        mv1::Action first;
        QVERIFY(hide(m_moderator, post.id(), &first).ok());
        grpc::ClientContext* raw = nullptr;
        auto ctx = TestServer::as(other);
        raw = ctx.get();
        mv1::HidePostRequest req;
        req.set_post_id(post.id());
        req.set_reason("also spam");
        mv1::HidePostResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().HidePost(raw, req, &resp), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*ctx, "devcoll-conflicting-action-id"), first.id());
        // A retried action (same client-chosen id) answers with what it did the first time.
        const std::string actionId = newUuidV7();
        const pv1::Post another = m_server->createPost(author, "Retried offline");
        mv1::Action once, twice;
        QVERIFY(hide(m_moderator, another.id(), &once, actionId).ok());
        DEVCOLL_COMPARE_CODE(hide(m_moderator, another.id(), &twice, actionId), grpc::StatusCode::OK);
        QCOMPARE(twice.id(), once.id());
        QCOMPARE(twice.created_at().seconds(), once.created_at().seconds());
        QCOMPARE(auditLog(m_moderator, author.id).size(), std::size_t{2});
        // Unhiding what is not hidden, lifting what is not suspended: refused, nothing logged.
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(m_server->createPost(author, "never hidden").id());
        unhide.set_reason("no");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(other).get(), unhide, &unhidden),
                             grpc::StatusCode::FAILED_PRECONDITION);
        DEVCOLL_COMPARE_CODE(unsuspend(other, author.id), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(auditLog(m_moderator, author.id).size(), std::size_t{2});
    }

    void suspensionRefusesLoginAndLiveTokensAtOnce() {
        TestUser troll = m_server->newUser("troll");
        DEVCOLL_COMPARE_CODE(whoAmI(troll), grpc::StatusCode::OK);
        Stream stream(*m_sync, troll, "");  // an open replica stream, as the app keeps one
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        DEVCOLL_COMPARE_CODE(suspend(troll, m_moderator.id), grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, m_moderator.id), grpc::StatusCode::INVALID_ARGUMENT);
        mv1::Action action;
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, troll.id, &action), grpc::StatusCode::OK);
        QVERIFY(!action.has_suspended_until());  // for good

        // The live token is refused as soon as the event is applied, well before it expires, and
        // the open stream ends.
        QTRY_COMPARE_WITH_TIMEOUT(whoAmI(troll).error_code(), grpc::StatusCode::UNAUTHENTICATED, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(stream.finished(), 2000);
        QCOMPARE(stream.status().error_code(), grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY(stream.status().error_message().find("suspended") != std::string::npos);
        QVERIFY(whoAmI(troll).error_message().find("suspended") != std::string::npos);
        const grpc::Status refused = login(troll);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY2(refused.error_message().find("Repeated harassment after a warning") != std::string::npos,
                 qPrintable(describe(refused)));
        devcoll::auth::v1::RefreshTokenRequest refresh;
        refresh.set_refresh_token(troll.refreshToken);
        devcoll::auth::v1::RefreshTokenResponse refreshed;
        DEVCOLL_COMPARE_CODE(m_server->auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed),
                             grpc::StatusCode::PERMISSION_DENIED);
        // A wrong password still says only that.
        TestUser guess = troll;
        guess.password = "not-the-password";
        DEVCOLL_COMPARE_CODE(login(guess), grpc::StatusCode::UNAUTHENTICATED);

        // Lifted: the refresh token kept works again, and so does logging in.
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, troll.id), grpc::StatusCode::OK);
        QTRY_COMPARE(login(troll).error_code(), grpc::StatusCode::OK);
        DEVCOLL_COMPARE_CODE(m_server->auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed),
                             grpc::StatusCode::OK);
    }

    void aSuspensionForAPeriodEnds() {
        TestUser user = m_server->newUser("brief");
        mv1::SuspendUserRequest req;
        req.set_user_id(user.id);
        req.set_reason("Cool down");
        req.mutable_until()->set_seconds(std::time(nullptr) - 10);
        mv1::SuspendUserResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.mutable_until()->set_seconds(std::time(nullptr) + 2);
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::OK);
        QVERIFY(resp.action().has_suspended_until());
        QTRY_COMPARE(login(user).error_code(), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(login(user).error_message().find("suspended until") != std::string::npos);
        QTRY_COMPARE_WITH_TIMEOUT(login(user).error_code(), grpc::StatusCode::OK, 10000);
        // The sweep lifts it on record, as `system`: that is what shows the account's posts again.
        QTRY_VERIFY_WITH_TIMEOUT(
            !auditLog(m_admin, user.id).empty() && auditLog(m_admin, user.id).front().moderator_id() == "system", 5000);
        QCOMPARE(auditLog(m_admin, user.id).front().kind(), mv1::ACTION_KIND_UNSUSPEND_USER);
        QCOMPARE(auditLog(m_admin, user.id).size(), std::size_t{2});
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, user.id), grpc::StatusCode::FAILED_PRECONDITION);
    }

    // A suspended account's posts are hidden like a hidden post while it lasts; lifting it
    // shows them again, but not one a moderator hid on its own.
    void aSuspendedAccountsPostsAreHiddenWhileItLasts() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post kept = m_server->createPost(author, "quokkaword first");
        const pv1::Post hiddenAlone = m_server->createPost(author, "quokkaword second");
        const pv1::Post shownDuring = m_server->createPost(author, "quokkaword third");
        QVERIFY(!kept.id().empty() && !hiddenAlone.id().empty());
        const QString keptId = QString::fromStdString(kept.id());
        QTRY_VERIFY(feed(follower).contains(keptId));
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, follower, replica));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, kept.id())));

        DEVCOLL_COMPARE_CODE(suspend(m_moderator, author.id), grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, kept.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY(!feed(follower).contains(keptId));
        QTRY_COMPARE(searched(follower, "quokkaword"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), !replica.has(sv1::ENTITY_KIND_POST, kept.id())));
        pv1::Post seen;
        DEVCOLL_COMPARE_CODE(getPost(m_moderator, kept.id(), &seen), grpc::StatusCode::OK);
        QVERIFY(seen.hidden());
        QCOMPARE(seen.hidden_reason(), "Account suspended: Repeated harassment after a warning");
        // A moderator hides one of them on its own meanwhile: that one stays hidden after.
        DEVCOLL_COMPARE_CODE(hide(m_moderator, hiddenAlone.id()), grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, hiddenAlone.id(), &seen), seen.hidden_reason().starts_with("Spam")));
        // One hidden and shown again meanwhile stays hidden with the suspension.
        DEVCOLL_COMPARE_CODE(hide(m_moderator, shownDuring.id()), grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, shownDuring.id(), &seen), seen.hidden_reason().starts_with("Spam")));
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(shownDuring.id());
        unhide.set_reason("Fine after all");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_admin).get(), unhide, &unhidden),
                             grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, shownDuring.id(), &seen), seen.hidden_reason().starts_with("Account")));
        QVERIFY(seen.hidden());
        DEVCOLL_COMPARE_CODE(getPost(follower, shownDuring.id()), grpc::StatusCode::NOT_FOUND);

        DEVCOLL_COMPARE_CODE(unsuspend(m_moderator, author.id), grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, kept.id()).error_code(), grpc::StatusCode::OK);
        QTRY_VERIFY(feed(follower).contains(keptId));
        // Back: the one kept, and the one shown again meanwhile; not the one a moderator hid.
        QTRY_COMPARE(searched(follower, "quokkaword").size(), 2);
        QVERIFY(searched(follower, "quokkaword").contains(keptId));
        QVERIFY(!searched(follower, "quokkaword").contains(QString::fromStdString(hiddenAlone.id())));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, kept.id())));
        DEVCOLL_COMPARE_CODE(getPost(follower, hiddenAlone.id()), grpc::StatusCode::NOT_FOUND);
        QTRY_COMPARE(getPost(follower, shownDuring.id()).error_code(), grpc::StatusCode::OK);
    }

    // A moderator does not judge their own case; a suspension may answer a report about what
    // the user wrote, and closes it.
    void noOneActsOnTheirOwnCaseAndASuspensionClosesItsReport() {
        TestUser other = m_server->newUserWithRole("mod3", "moderator");
        const pv1::Post mine = m_server->createPost(m_moderator, "a moderator's own post");
        QVERIFY(hide(other, mine.id()).ok());
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(mine.id());
        unhide.set_reason("it is fine, trust me");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_moderator).get(), unhide, &unhidden),
                             grpc::StatusCode::PERMISSION_DENIED);
        mv1::Report aboutMe;
        QVERIFY(report(m_server->newUser("critic"), mv1::SUBJECT_KIND_USER, m_moderator.id, &aboutMe).ok());
        mv1::DismissReportRequest dismiss;
        dismiss.set_report_id(aboutMe.id());
        dismiss.set_reason("nothing to see");
        mv1::DismissReportResponse dismissed;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_moderator).get(), dismiss, &dismissed),
                             grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(other).get(), dismiss, &dismissed),
                             grpc::StatusCode::OK);

        TestUser spammer = m_server->newUser("spammer");
        const pv1::Post spam = m_server->createPost(spammer, "cheap pills");
        mv1::Report reported;
        QVERIFY(report(m_server->newUser("reporter"), mv1::SUBJECT_KIND_POST, spam.id(), &reported).ok());
        mv1::SuspendUserRequest req;
        req.set_user_id(spammer.id);
        req.set_reason("Spam account");
        req.set_report_id(aboutMe.id());  // a report about someone else
        mv1::SuspendUserResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(other).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_report_id(reported.id());
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(other).get(), req, &resp), grpc::StatusCode::OK);
        QCOMPARE(resp.action().report_id(), reported.id());
        mv1::GetReportRequest get;
        get.set_report_id(reported.id());
        mv1::GetReportResponse got;
        QVERIFY(moderation().GetReport(TestServer::as(other).get(), get, &got).ok());
        QCOMPARE(got.report().state(), mv1::REPORT_STATE_RESOLVED);
        QCOMPARE(got.report().resolved_by_action_id(), resp.action().id());
    }

    // A comment shown again comes back even when its author can no longer see the post.
    void aCommentShownAgainComesBackWhateverItsAuthorSees() {
        TestUser author = m_server->newUser("author");
        TestUser commenter = m_server->newUser("commenter");
        QVERIFY(m_server->follow(commenter, author));
        const pv1::Post post = m_server->createPost(author, "for followers", pv1::VISIBILITY_FOLLOWERS);
        // The post service learns of the follow from an event.
        QTRY_COMPARE(getPost(commenter, post.id()).error_code(), grpc::StatusCode::OK);
        pv1::CreateCommentRequest create;
        create.set_post_id(post.id());
        create.set_body("a follower's comment");
        pv1::CreateCommentResponse created;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(commenter).get(), create, &created).ok());
        QVERIFY(m_server->unfollow(commenter, author));
        QTRY_COMPARE(getPost(commenter, post.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        mv1::HideCommentRequest hide;
        hide.set_comment_id(created.comment().id());
        hide.set_reason("checking");
        mv1::HideCommentResponse hidden;
        QVERIFY(moderation().HideComment(TestServer::as(m_moderator).get(), hide, &hidden).ok());
        pv1::GetCommentRequest get;
        get.set_comment_id(created.comment().id());
        pv1::GetCommentResponse got;
        QTRY_VERIFY((m_server->posts().GetComment(TestServer::as(author).get(), get, &got), got.comment().hidden()));
        mv1::UnhideCommentRequest unhide;
        unhide.set_comment_id(created.comment().id());
        unhide.set_reason("fine");
        mv1::UnhideCommentResponse shown;
        QVERIFY(moderation().UnhideComment(TestServer::as(m_moderator).get(), unhide, &shown).ok());
        QTRY_VERIFY((m_server->posts().GetComment(TestServer::as(author).get(), get, &got), !got.comment().hidden()));
        QCOMPARE(got.comment().body(), "a follower's comment");
        QCOMPARE(m_server->rowCount("post", {"event_dead_letter"}), std::int64_t{0});
    }

    // A hidden comment leaves everyone else's view but keeps its place in the thread; its author
    // still sees it with the reason. Removing is for good.
    void aHiddenCommentBecomesAPlaceholder() {
        TestUser author = m_server->newUser("author");
        TestUser commenter = m_server->newUser("commenter");
        TestUser reader = m_server->newUser("reader");
        QVERIFY(m_server->follow(reader, author));
        const pv1::Post post = m_server->createPost(author, "A post with a rude reply");
        pv1::CreateCommentRequest create;
        create.set_post_id(post.id());
        create.set_body("xyzzy rude words");
        pv1::CreateCommentResponse created;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(commenter).get(), create, &created).ok());
        const std::string id = created.comment().id();
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, reader, replica));
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        const auto commentAs = [&](const TestUser& as) {
            pv1::ListCommentsRequest req;
            req.set_post_id(post.id());
            pv1::ListCommentsResponse resp;
            const grpc::Status status = m_server->posts().ListComments(TestServer::as(as).get(), req, &resp);
            return status.ok() && resp.comments_size() == 1 ? resp.comments(0) : pv1::Comment();
        };

        mv1::Report opened;
        DEVCOLL_COMPARE_CODE(report(reader, mv1::SUBJECT_KIND_COMMENT, id, &opened), grpc::StatusCode::OK);
        QCOMPARE(opened.subject_author_id(), commenter.id);
        QCOMPARE(opened.subject_excerpt(), "xyzzy rude words");
        DEVCOLL_COMPARE_CODE(report(commenter, mv1::SUBJECT_KIND_COMMENT, id), grpc::StatusCode::INVALID_ARGUMENT);
        mv1::HideCommentRequest hide;
        hide.set_comment_id(id);
        hide.set_reason("Insults");
        mv1::HideCommentResponse hidden;
        DEVCOLL_COMPARE_CODE(moderation().HideComment(TestServer::as(m_moderator).get(), hide, &hidden),
                             grpc::StatusCode::OK);
        QCOMPARE(hidden.action().report_id(), opened.id());
        QCOMPARE(hidden.action().affected_user_id(), commenter.id);

        // Others see a placeholder in the thread, and their replica loses it.
        QTRY_VERIFY(commentAs(reader).hidden());
        QVERIFY(commentAs(reader).body().empty());
        QVERIFY(commentAs(reader).hidden_reason().empty());
        QCOMPARE(commentAs(reader).id(), id);
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), !replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        DEVCOLL_COMPARE_CODE(report(reader, mv1::SUBJECT_KIND_COMMENT, id), grpc::StatusCode::NOT_FOUND);
        // Its author sees it whole, marked, with the reason.
        QCOMPARE(commentAs(commenter).body(), "xyzzy rude words");
        QCOMPARE(commentAs(commenter).hidden_reason(), "Insults");
        auto again = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().HideComment(again.get(), hide, &hidden),
                             grpc::StatusCode::FAILED_PRECONDITION);

        mv1::UnhideCommentRequest unhide;
        unhide.set_comment_id(id);
        unhide.set_reason("Context makes it fine");
        mv1::UnhideCommentResponse shown;
        DEVCOLL_COMPARE_CODE(moderation().UnhideComment(TestServer::as(m_admin).get(), unhide, &shown),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(commentAs(reader).body(), "xyzzy rude words");
        QVERIFY(!commentAs(reader).hidden());
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), replica.has(sv1::ENTITY_KIND_COMMENT, id)));

        mv1::RemoveCommentRequest remove;
        remove.set_comment_id(id);
        remove.set_reason("Threats");
        mv1::RemoveCommentResponse removed;
        DEVCOLL_COMPARE_CODE(moderation().RemoveComment(TestServer::as(m_moderator).get(), remove, &removed),
                             grpc::StatusCode::OK);
        pv1::GetCommentRequest get;
        get.set_comment_id(id);
        pv1::GetCommentResponse got;
        QTRY_VERIFY(
            (m_server->posts().GetComment(TestServer::as(commenter).get(), get, &got), got.comment().deleted()));
        QCOMPARE(got.comment().hidden_reason(), "Threats");
        QVERIFY(got.comment().body().empty());
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), !replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        auto moot = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().UnhideComment(moot.get(), unhide, &shown),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*moot, "devcoll-conflicting-action-id"), removed.action().id());
    }

    // Moderators cannot suspend each other, and nobody suspends an admin.
    void onlyAnAdminSuspendsAModeratorAndNobodyAnAdmin() {
        TestUser peer = m_server->newUserWithRole("peer", "moderator");
        QVERIFY(!peer.accessToken.empty());
        grpc::Status refused = suspend(m_moderator, peer.id);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(refused.error_message().find("only an admin") != std::string::npos);
        refused = suspend(m_moderator, m_admin.id);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(refused.error_message().find("revoke the role first") != std::string::npos);
        TestUser otherAdmin = m_server->newUserWithRole("admin", "admin");
        DEVCOLL_COMPARE_CODE(suspend(m_admin, otherAdmin.id), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(auditLog(m_admin, peer.id).empty());
        DEVCOLL_COMPARE_CODE(suspend(m_admin, peer.id), grpc::StatusCode::OK);
        // Nor may a moderator lift a peer's suspension.
        DEVCOLL_COMPARE_CODE(unsuspend(m_moderator, peer.id), grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, peer.id), grpc::StatusCode::OK);
        // Once the role is revoked, the former moderator is an account like any other.
        auth::v1::RevokeRoleRequest revoke;
        revoke.set_account(peer.id);
        revoke.set_role("moderator");
        auth::v1::RevokeRoleResponse revoked;
        DEVCOLL_COMPARE_CODE(m_server->auth().RevokeRole(TestServer::as(m_admin).get(), revoke, &revoked),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(suspend(m_moderator, peer.id).error_code(), grpc::StatusCode::OK);
    }

    // Removing is for good: gone for its author too, who sees why on the tombstone.
    void aRemovedPostIsGoneForGood() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post post = m_server->createPost(author, "wombatword illegal content");
        QVERIFY(!post.id().empty());
        const QString id = QString::fromStdString(post.id());
        QTRY_VERIFY(feed(follower).contains(id));
        Replica authors;
        QVERIFY(takeSnapshot(*m_sync, author, authors));
        QTRY_VERIFY((pullAll(*m_sync, author, authors), authors.has(sv1::ENTITY_KIND_POST, post.id())));
        QVERIFY(hide(m_moderator, post.id()).ok());  // hidden first, then removed

        mv1::RemovePostRequest req;
        req.set_post_id(post.id());
        req.set_reason("Illegal content");
        mv1::RemovePostResponse first;
        DEVCOLL_COMPARE_CODE(moderation().RemovePost(TestServer::as(m_moderator).get(), req, &first),
                             grpc::StatusCode::OK);
        QCOMPARE(first.action().kind(), mv1::ACTION_KIND_REMOVE_POST);
        QCOMPARE(first.action().affected_user_id(), author.id);
        pv1::Post tombstone;
        QTRY_VERIFY((getPost(author, post.id(), &tombstone), tombstone.deleted()));
        QVERIFY(tombstone.body().empty());
        QCOMPARE(tombstone.hidden_reason(), "Illegal content");
        QVERIFY(!feed(author).contains(id));
        QVERIFY(!feed(follower).contains(id));
        QTRY_COMPARE(searched(author, "wombatword"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, author, authors), !authors.has(sv1::ENTITY_KIND_POST, post.id())));

        // A second removal and an unhide are moot, naming the removal.
        auto ctx = TestServer::as(m_admin);
        mv1::RemovePostResponse second;
        DEVCOLL_COMPARE_CODE(moderation().RemovePost(ctx.get(), req, &second), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*ctx, "devcoll-conflicting-action-id"), first.action().id());
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(post.id());
        unhide.set_reason("undo");
        mv1::UnhidePostResponse unhidden;
        auto unhideCtx = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(unhideCtx.get(), unhide, &unhidden),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*unhideCtx, "devcoll-conflicting-action-id"), first.action().id());
    }

    void theAuditLogHoldsEveryActionAndCannotBeEdited() {
        TestUser author = m_server->newUser("audited");
        const pv1::Post post = m_server->createPost(author, "Audited post");
        mv1::Report opened;
        QVERIFY(report(m_server->newUser("reporter"), mv1::SUBJECT_KIND_USER, author.id, &opened).ok());
        mv1::DismissReportRequest dismiss;
        dismiss.set_report_id(opened.id());
        dismiss.set_reason("Not a violation");
        mv1::DismissReportResponse dismissed;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_moderator).get(), dismiss, &dismissed),
                             grpc::StatusCode::OK);
        // Dismissing again conflicts with the first dismissal.
        mv1::DismissReportResponse again;
        DEVCOLL_COMPARE_CODE(moderation().DismissReport(TestServer::as(m_admin).get(), dismiss, &again),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY(hide(m_admin, post.id()).ok());
        QVERIFY(suspend(m_moderator, author.id).ok());
        QVERIFY(unsuspend(m_moderator, author.id).ok());

        const auto log = auditLog(m_admin, author.id, 1);  // paged one by one
        QCOMPARE(log.size(), std::size_t{4});
        const std::vector<mv1::ActionKind> kinds{mv1::ACTION_KIND_UNSUSPEND_USER, mv1::ACTION_KIND_SUSPEND_USER,
                                                 mv1::ACTION_KIND_HIDE_POST, mv1::ACTION_KIND_DISMISS};
        for (std::size_t i = 0; i < log.size(); ++i) {
            QCOMPARE(log[i].kind(), kinds[i]);  // newest first
            QCOMPARE(log[i].affected_user_id(), author.id);
            QVERIFY(!log[i].moderator_id().empty());
            QVERIFY(!log[i].reason().empty());
            QVERIFY(log[i].has_created_at());
        }
        QCOMPARE(log[3].moderator_id(), m_moderator.id);
        QCOMPARE(log[3].report_id(), opened.id());
        QCOMPARE(log[2].moderator_id(), m_admin.id);
        QCOMPARE(log[2].subject().id(), post.id());
        // The whole log holds them too; and no one can edit it, not even through SQL.
        QVERIFY(auditLog(m_moderator).size() >= 4);
        storage::Database* db = m_server->server().database("moderation");
        QVERIFY(db);
        auto edited = db->transact([](storage::Tx& tx) { return tx.exec("UPDATE actions SET reason = 'rewritten'"); });
        QVERIFY(!edited.ok());
        auto erased = db->transact([](storage::Tx& tx) { return tx.exec("DELETE FROM actions"); });
        QVERIFY(!erased.ok());
        QCOMPARE(auditLog(m_admin, author.id, 100).size(), std::size_t{4});
    }

    void badActionsAreRefusedAndChangeNothing() {
        TestUser author = m_server->newUser("author");
        const std::int64_t before = m_server->rowCount("moderation", {"actions", "hidden_posts", "suspended_accounts"});
        mv1::HidePostRequest req;
        req.set_post_id(m_server->createPost(author, "fine").id());
        mv1::HidePostResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);  // no reason
        req.set_reason(std::string(1001, 'r'));
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_reason("bell \x07 in a reason");  // control characters (invalid UTF-8 never parses)
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.set_reason("spam");
        req.set_post_id(newUuidV7());
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::NOT_FOUND);
        req.set_post_id("x");
        DEVCOLL_COMPARE_CODE(moderation().HidePost(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, newUuidV7()), grpc::StatusCode::NOT_FOUND);
        mv1::ListReportsRequest list;
        list.set_page_size(1000);
        mv1::ListReportsResponse page;
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::INVALID_ARGUMENT);
        list.set_page_size(10);
        list.set_page_token("forged");
        DEVCOLL_COMPARE_CODE(moderation().ListReports(TestServer::as(m_moderator).get(), list, &page),
                             grpc::StatusCode::INVALID_ARGUMENT);
        QCOMPARE(m_server->rowCount("moderation", {"actions", "hidden_posts", "suspended_accounts"}), before);
    }
};

QTEST_GUILESS_MAIN(TestModerationService)
#include "tst_moderation_service.moc"
