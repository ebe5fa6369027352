#pragma once
// What the moderation suites share: a server with a moderator and an admin, the stubs they
// call, and the calls they make over and over (report, hide, suspend, the audit log, and what a
// user sees of feeds, posts and search).
#include <QObject>
#include <QStringList>
#include <QTest>

#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

namespace devcoll::test {

namespace mv1 = devcoll::moderation::v1;
namespace pv1 = devcoll::post::v1;

inline mv1::Subject subject(mv1::SubjectKind kind, const std::string& id) {
    mv1::Subject s;
    s.set_kind(kind);
    s.set_id(id);
    return s;
}

inline std::string trailer(const grpc::ClientContext& ctx, const std::string& key) {
    const auto& metadata = ctx.GetServerTrailingMetadata();
    const auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

class ModerationFixture : public QObject {
protected:
    // The server, stubs, a moderator and an admin: for initTestCase().
    void startServer() {
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
};

}  // namespace devcoll::test
