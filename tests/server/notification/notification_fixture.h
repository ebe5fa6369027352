#pragma once
// What the notification suites share: a server, the notification and sync stubs, and the calls
// they make over and over (list, mark read, preferences, like, comment, a raw event).
#include <QObject>
#include <QTest>

#include <atomic>

#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "platform/events/outbox.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

namespace devcoll::test {

namespace nv1 = devcoll::notification::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

class NotificationFixture : public QObject {
protected:
    // The server and stubs: for initTestCase().
    void startServer() {
        (void)nv1::Notification::descriptor();
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_notifications = nv1::NotificationService::NewStub(m_server->channel());
        m_sync = sv1::SyncService::NewStub(m_server->channel());
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<nv1::NotificationService::Stub> m_notifications;
    std::unique_ptr<sv1::SyncService::Stub> m_sync;

    nv1::ListNotificationsResponse list(const TestUser& as, bool unreadOnly = false, int pageSize = 100,
                                        const std::string& pageToken = {}, grpc::Status* status = nullptr) {
        nv1::ListNotificationsRequest req;
        req.set_unread_only(unreadOnly);
        req.set_page_size(pageSize);
        req.set_page_token(pageToken);
        nv1::ListNotificationsResponse resp;
        const grpc::Status s = m_notifications->ListNotifications(TestServer::as(as).get(), req, &resp);
        if (status) *status = s;
        return resp;
    }
    // The user's notifications of one kind, newest first.
    std::vector<nv1::Notification> ofKind(const TestUser& as, nv1::NotificationKind kind) {
        std::vector<nv1::Notification> out;
        const auto all = list(as);
        for (const auto& n : all.notifications()) {
            if (n.kind() == kind) out.push_back(n);
        }
        return out;
    }
    // The number of people in the user's newest notification of `kind` about `postId`.
    int actorsOn(const TestUser& as, nv1::NotificationKind kind, const std::string& postId = {}) {
        for (const auto& n : ofKind(as, kind)) {
            if (n.post_id() == postId) return n.actor_count();
        }
        return 0;
    }
    nv1::NotificationState markRead(const TestUser& as, std::int64_t upTo, grpc::Status* status = nullptr) {
        nv1::MarkNotificationsReadRequest req;
        req.set_up_to(upTo);
        nv1::MarkNotificationsReadResponse resp;
        const grpc::Status s = m_notifications->MarkNotificationsRead(TestServer::as(as).get(), req, &resp);
        if (status) *status = s;
        return resp.state();
    }
    grpc::Status setDelivery(const TestUser& as, nv1::NotificationKind kind, nv1::Delivery delivery,
                             nv1::NotificationState* state = nullptr) {
        nv1::UpdateNotificationPreferencesRequest req;
        auto* p = req.add_preferences();
        p->set_kind(kind);
        p->set_delivery(delivery);
        nv1::UpdateNotificationPreferencesResponse resp;
        const grpc::Status s = m_notifications->UpdateNotificationPreferences(TestServer::as(as).get(), req, &resp);
        if (state) *state = resp.state();
        return s;
    }
    bool like(const TestUser& as, const std::string& postId, bool liked = true) {
        grpc::Status s;
        if (liked) {
            pv1::LikePostRequest req;
            req.set_post_id(postId);
            pv1::LikePostResponse resp;
            s = m_server->posts().LikePost(TestServer::as(as).get(), req, &resp);
        } else {
            pv1::UnlikePostRequest req;
            req.set_post_id(postId);
            pv1::UnlikePostResponse resp;
            s = m_server->posts().UnlikePost(TestServer::as(as).get(), req, &resp);
        }
        if (!s.ok()) qWarning("like: %s", qPrintable(describe(s)));
        return s.ok();
    }
    std::string comment(const TestUser& as, const std::string& postId, const std::string& body,
                        const std::string& parentId = {}) {
        pv1::CreateCommentRequest req;
        req.set_post_id(postId);
        req.set_body(body);
        req.set_parent_comment_id(parentId);
        pv1::CreateCommentResponse resp;
        const grpc::Status s = m_server->posts().CreateComment(TestServer::as(as).get(), req, &resp);
        if (!s.ok()) qWarning("comment: %s", qPrintable(describe(s)));
        return resp.comment().id();
    }
    std::int64_t unread(const TestUser& as) { return list(as).state().unread_count(); }
    // A new user whose profile the notification service knows (so that mentions find them).
    TestUser user(const std::string& prefix) {
        TestUser u = m_server->newUser(prefix);
        storage::Database* db = m_server->server().database("notification");
        const bool known = db && QTest::qWaitFor(
                                     [&] {
                                         auto rows = db->read([&](storage::Tx& tx) {
                                             return tx.exec("SELECT 1 FROM notif_profiles WHERE user_id = $1", {u.id});
                                         });
                                         return rows.ok() && !rows->empty();
                                     },
                                     5000);
        if (!known) qWarning("the notification service did not learn of %s", u.username.c_str());
        return u;
    }
    static nv1::NotificationState stateIn(const Replica& replica, const TestUser& as) {
        const auto it = replica.entities.find({sv1::ENTITY_KIND_NOTIFICATION_STATE, as.id});
        return it == replica.entities.end() ? nv1::NotificationState() : it->second.notification_state();
    }
    // A POST_LIKED event as the post service would publish it, sent straight to the transport.
    events::Envelope likeEvent(const std::string& postId, const TestUser& liker, const TestUser& author) {
        auto e = events::newEnvelope(events::v1::EVENT_TYPE_POST_LIKED, postId, 0, "post");
        auto* l = e.mutable_post_liked();
        l->set_post_id(postId);
        l->set_user_id(liker.id);
        l->set_post_author_id(author.id);
        return e;
    }
    bool publish(const events::Envelope& e) {
        std::atomic<int> confirmed{0};
        m_server->server().transport().publish(e, [&](bool accepted) { confirmed += accepted ? 1 : 0; });
        return QTest::qWaitFor([&] { return confirmed.load() == 1; }, 5000);
    }
};

}  // namespace devcoll::test
