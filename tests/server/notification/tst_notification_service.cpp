// Notifications over real gRPC: every kind, grouping while unread, the read mark, preferences,
// who may see a mention, exactly once under redelivered events, withdrawal with deleted content,
// and the same list reaching a replica through the sync stream (also after time offline).
#include <QTest>

#include <atomic>

#include "devcoll/ids.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace nv1 = devcoll::notification::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

class TestNotificationService final : public QObject {
    Q_OBJECT

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

private Q_SLOTS:
    void initTestCase() {
        (void)nv1::Notification::descriptor();
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_notifications = nv1::NotificationService::NewStub(m_server->channel());
        m_sync = sv1::SyncService::NewStub(m_server->channel());
    }

    void aFollowNotifiesOnceAndFollowsGroupWhileUnread() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        TestUser cat = user("cat");
        QVERIFY(m_server->follow(bob, ann));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 1);
        const nv1::Notification first = ofKind(ann, nv1::NOTIFICATION_KIND_FOLLOW).front();
        QCOMPARE(first.actors(0).user_id(), bob.id);
        QCOMPARE(first.actors(0).username(), bob.username);
        QVERIFY(first.post_id().empty());
        QCOMPARE(unread(ann), 1);
        // Following again after an unfollow does not notify again; a new follower joins the group.
        QVERIFY(m_server->unfollow(bob, ann));
        QVERIFY(m_server->follow(bob, ann));
        QVERIFY(m_server->follow(cat, ann));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 2);
        const auto follows = ofKind(ann, nv1::NOTIFICATION_KIND_FOLLOW);
        QCOMPARE(follows.size(), std::size_t{1});
        QCOMPARE(follows.front().id(), first.id());
        QCOMPARE(follows.front().actors(0).user_id(), cat.id);  // the newest first
        QVERIFY(follows.front().sequence() > first.sequence());
        QCOMPARE(unread(ann), 1);
    }

    void likesGroupPerPostAndALikeGivenAgainNotifiesOnce() {
        TestUser ann = user("ann");
        const pv1::Post post = m_server->createPost(ann, "A post worth liking");
        QVERIFY(!post.id().empty());
        std::vector<TestUser> fans;
        for (int i = 0; i < 13; ++i) fans.push_back(user("fan"));
        for (const auto& fan : fans) QVERIFY(like(fan, post.id()));
        QVERIFY(like(ann, post.id()));  // her own like notifies nobody
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 13);
        auto likes = ofKind(ann, nv1::NOTIFICATION_KIND_LIKE);
        QCOMPARE(likes.size(), std::size_t{1});
        QCOMPARE(likes.front().actors_size(), 3);
        QCOMPARE(likes.front().actors(0).user_id(), fans.back().id);
        QCOMPARE(likes.front().excerpt(), std::string("A post worth liking"));
        const std::int64_t sequence = likes.front().sequence();

        // Unlike and like again, then one new like: the group counts 14, and the repeated like
        // took no sequence of its own (the new like's is the next one).
        QVERIFY(like(fans[0], post.id(), false));
        QVERIFY(like(fans[0], post.id()));
        TestUser late = user("late");
        QVERIFY(like(late, post.id()));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 14);
        likes = ofKind(ann, nv1::NOTIFICATION_KIND_LIKE);
        QCOMPARE(likes.size(), std::size_t{1});
        QCOMPARE(likes.front().sequence(), sequence + 1);
        QCOMPARE(likes.front().actors(0).user_id(), late.id);
    }

    void aReadGroupIsNotJoinedAgain() {
        TestUser ann = user("ann");
        const pv1::Post post = m_server->createPost(ann, "Read me");
        TestUser bob = user("bob");
        QVERIFY(like(bob, post.id()));
        QTRY_COMPARE(unread(ann), 1);
        const std::int64_t latest = list(ann).state().latest_sequence();
        grpc::Status status;
        const nv1::NotificationState state = markRead(ann, latest, &status);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::OK);
        QCOMPARE(state.unread_count(), 0);
        QCOMPARE(state.read_up_to(), latest);

        TestUser cat = user("cat");
        QVERIFY(like(cat, post.id()));
        QTRY_COMPARE(ofKind(ann, nv1::NOTIFICATION_KIND_LIKE).size(), std::size_t{2});
        const auto likes = ofKind(ann, nv1::NOTIFICATION_KIND_LIKE);
        QCOMPARE(likes[0].actor_count(), 1);
        QCOMPARE(likes[0].actors(0).user_id(), cat.id);
        QCOMPARE(likes[1].actors(0).user_id(), bob.id);
        QCOMPARE(unread(ann), 1);
        const auto unreadOnly = list(ann, true);
        QCOMPARE(unreadOnly.notifications_size(), 1);
        QCOMPARE(unreadOnly.notifications(0).id(), likes[0].id());

        // The mark never moves back, and a mark past the end marks everything.
        QCOMPARE(markRead(ann, 1, &status).read_up_to(), latest);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::OK);
        QCOMPARE(markRead(ann, latest + 1000, &status).unread_count(), 0);
        QCOMPARE(list(ann).state().read_up_to(), likes[0].sequence());
        markRead(ann, 0, &status);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY(status.error_message().starts_with("up_to:"));
    }

    void commentsAndRepliesNotifyOncePerPerson() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        TestUser cat = user("cat");
        const pv1::Post post = m_server->createPost(ann, "Tabs or spaces?");
        const std::string bobs = comment(bob, post.id(), "Tabs, obviously");
        QVERIFY(!bobs.empty());
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, post.id()), 1);
        auto comments = ofKind(ann, nv1::NOTIFICATION_KIND_COMMENT);
        QCOMPARE(comments.front().comment_id(), bobs);
        QCOMPARE(comments.front().excerpt(), std::string("Tabs, obviously"));

        // Ann answers Bob on her own post: Bob gets a reply, nobody a comment.
        const std::string anns = comment(ann, post.id(), "@" + bob.username + " no.", bobs);
        QTRY_COMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_REPLY).size(), std::size_t{1});
        const auto reply = ofKind(bob, nv1::NOTIFICATION_KIND_REPLY).front();
        QCOMPARE(reply.comment_id(), anns);
        QCOMPARE(reply.post_id(), post.id());
        QCOMPARE(reply.actors(0).user_id(), ann.id);
        // Cat answers Bob too: Bob's reply group grows (unread), Ann gets a comment.
        const std::string cats = comment(cat, post.id(), "Spaces!", bobs);
        QTRY_COMPARE(actorsOn(bob, nv1::NOTIFICATION_KIND_REPLY, post.id()), 2);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, post.id()), 2);
        QCOMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_REPLY).front().comment_id(), cats);
        // Ann's reply also mentioned Bob: one notification for one comment.
        QVERIFY(ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).empty());
    }

    void mentionsNotifyWhoMaySeeThePost() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        TestUser cat = user("cat");
        TestUser dan = user("dan");
        TestUser eve = user("eve");
        QVERIFY(m_server->follow(eve, ann));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 1);
        // Bob and Cat are mentioned (Cat in capitals); Dan only in code; nobody is called
        // @nobody_here; an e-mail address mentions nobody.
        const std::string body = "Thanks @" + bob.username + " and @" +
                                 QString::fromStdString(cat.username).toUpper().toStdString() + "! `@" + dan.username +
                                 "` @nobody_here " + eve.username + "@example.com @" + ann.username;
        const pv1::Post post = m_server->createPost(ann, body);
        QTRY_COMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        QTRY_COMPARE(ofKind(cat, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        const auto mention = ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).front();
        QCOMPARE(mention.post_id(), post.id());
        QVERIFY(mention.comment_id().empty());
        QCOMPARE(mention.actors(0).user_id(), ann.id);

        // Followers only: Eve follows Ann and is told, Bob does not and is not.
        const pv1::Post secret = m_server->createPost(
            ann, "Only for followers, @" + bob.username + " and @" + eve.username, pv1::VISIBILITY_FOLLOWERS);
        QTRY_COMPARE(ofKind(eve, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        QCOMPARE(ofKind(eve, nv1::NOTIFICATION_KIND_MENTION).front().post_id(), secret.id());
        // A later mention of Bob in a comment on the public post shows that Bob's events were
        // all applied by then: the followers-only one left him out, Dan was never told.
        const std::string cid = comment(cat, post.id(), "cc @" + bob.username);
        QTRY_COMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{2});
        const auto inComment = ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).front();
        QCOMPARE(inComment.comment_id(), cid);
        QCOMPARE(inComment.post_id(), post.id());
        QVERIFY(ofKind(dan, nv1::NOTIFICATION_KIND_MENTION).empty());
        QVERIFY(ofKind(ann, nv1::NOTIFICATION_KIND_MENTION).empty());

        // An edit that adds a mention notifies the newcomer only.
        pv1::UpdatePostRequest update;
        *update.mutable_post() = post;
        update.mutable_post()->set_body(body + " and @" + dan.username);
        update.mutable_update_mask()->add_paths("body");
        update.set_expected_version(post.version());
        pv1::UpdatePostResponse updated;
        DEVCOLL_COMPARE_CODE(m_server->posts().UpdatePost(TestServer::as(ann).get(), update, &updated),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(ofKind(dan, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        QCOMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{2});
    }

    void aReplyReachesOnlyWhoMaySeeThePost() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        TestUser cat = user("cat");
        QVERIFY(m_server->follow(bob, ann));
        QVERIFY(m_server->follow(cat, ann));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 2);
        const pv1::Post secret = m_server->createPost(ann, "for followers", pv1::VISIBILITY_FOLLOWERS);
        const std::string bobs = comment(bob, secret.id(), "I see it");
        QVERIFY(!bobs.empty());
        // Bob stops following Ann: Cat's answer to him is on a post he cannot see any more.
        QVERIFY(m_server->unfollow(bob, ann));
        TestUser dan = user("dan");
        QVERIFY(m_server->follow(dan, bob));  // a later event of the user service's, to wait on
        QTRY_COMPARE(actorsOn(bob, nv1::NOTIFICATION_KIND_FOLLOW), 1);
        QVERIFY(!comment(cat, secret.id(), "so do I", bobs).empty());
        const pv1::Post bobsPost = m_server->createPost(bob, "mine");
        QVERIFY(like(dan, bobsPost.id()));  // after the reply, in the post service's order
        QTRY_COMPARE(actorsOn(bob, nv1::NOTIFICATION_KIND_LIKE, bobsPost.id()), 1);
        QVERIFY(ofKind(bob, nv1::NOTIFICATION_KIND_REPLY).empty());
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, secret.id()), 2);
    }

    void aKindTurnedOffLeavesTheOthers() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        DEVCOLL_COMPARE_CODE(setDelivery(ann, nv1::NOTIFICATION_KIND_COMMENT, nv1::DELIVERY_OFF), grpc::StatusCode::OK);
        const pv1::Post post = m_server->createPost(ann, "comments off");
        QVERIFY(!comment(bob, post.id(), "@" + ann.username + " look at this").empty());
        // No comment notification, but the mention in it still reaches her.
        QTRY_COMPARE(ofKind(ann, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        QVERIFY(ofKind(ann, nv1::NOTIFICATION_KIND_COMMENT).empty());
    }

    void aDeletedAccountIsNotifiedOfNothingLate() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        const pv1::Post post = m_server->createPost(ann, "soon gone");
        uv1::DeleteAccountRequest del;
        del.set_password(ann.password);
        uv1::DeleteAccountResponse deleted;
        DEVCOLL_COMPARE_CODE(m_server->users().DeleteAccount(TestServer::as(ann).get(), del, &deleted),
                             grpc::StatusCode::OK);
        storage::Database* notifications = m_server->server().database("notification");
        storage::Database* sync = m_server->server().database("sync");
        const auto count = [](storage::Database* db, const std::string& sql, const std::string& id) {
            auto rows = db->read([&](storage::Tx& tx) { return tx.exec(sql, {id}); });
            return rows.ok() ? (*rows)[0].integer(0) : -1;
        };
        QTRY_COMPARE(count(notifications, "SELECT COUNT(*) FROM notif_profiles WHERE user_id = $1", ann.id), 0);
        QTRY_COMPARE(count(sync, "SELECT COUNT(*) FROM sync_log WHERE user_id = $1", ann.id), 0);
        // A like of her post that the post service published before it learned of the deletion.
        QVERIFY(publish(likeEvent(post.id(), bob, ann)));
        TestUser cat = user("cat");
        const pv1::Post cats = m_server->createPost(cat, "still here");
        QVERIFY(publish(likeEvent(cats.id(), bob, cat)));  // after it, in the same queue
        QTRY_COMPARE(actorsOn(cat, nv1::NOTIFICATION_KIND_LIKE, cats.id()), 1);
        QCOMPARE(count(notifications, "SELECT COUNT(*) FROM notification_inboxes WHERE recipient_id = $1", ann.id), 0);
        QCOMPARE(count(notifications, "SELECT COUNT(*) FROM notifications WHERE recipient_id = $1", ann.id), 0);
        QTRY_COMPARE(count(sync, "SELECT COUNT(*) FROM sync_log WHERE user_id = $1", cat.id) > 0, true);
        QCOMPARE(count(sync, "SELECT COUNT(*) FROM sync_log WHERE user_id = $1", ann.id), 0);
    }

    void preferencesTurnKindsOffAndBadOnesChangeNothing() {
        TestUser ann = user("ann");
        nv1::NotificationState state;
        DEVCOLL_COMPARE_CODE(setDelivery(ann, nv1::NOTIFICATION_KIND_LIKE, nv1::DELIVERY_OFF, &state),
                             grpc::StatusCode::OK);
        QCOMPARE(state.preferences_size(), 5);
        for (const auto& p : state.preferences()) {
            QCOMPARE(p.delivery(),
                     p.kind() == nv1::NOTIFICATION_KIND_LIKE ? nv1::DELIVERY_OFF : nv1::DELIVERY_IN_APP_AND_DESKTOP);
        }
        DEVCOLL_COMPARE_CODE(setDelivery(ann, nv1::NOTIFICATION_KIND_FOLLOW, nv1::DELIVERY_IN_APP),
                             grpc::StatusCode::OK);
        const pv1::Post post = m_server->createPost(ann, "Likes are off");
        TestUser bob = user("bob");
        QVERIFY(like(bob, post.id()));
        QVERIFY(m_server->follow(bob, ann));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 1);
        QVERIFY(ofKind(ann, nv1::NOTIFICATION_KIND_LIKE).empty());

        const auto before = list(ann).state();
        struct Bad {
            int kind;
            int delivery;
            const char* field;
        };
        for (const Bad& bad : {Bad{0, 2, "preferences[0].kind"}, Bad{99, 2, "preferences[0].kind"},
                               Bad{2, 0, "preferences[0].delivery"}, Bad{2, 7, "preferences[0].delivery"}}) {
            nv1::UpdateNotificationPreferencesRequest req;
            auto* p = req.add_preferences();
            p->set_kind(static_cast<nv1::NotificationKind>(bad.kind));
            p->set_delivery(static_cast<nv1::Delivery>(bad.delivery));
            nv1::UpdateNotificationPreferencesResponse resp;
            const grpc::Status s =
                m_notifications->UpdateNotificationPreferences(TestServer::as(ann).get(), req, &resp);
            DEVCOLL_COMPARE_CODE(s, grpc::StatusCode::INVALID_ARGUMENT);
            QVERIFY2(s.error_message().starts_with(bad.field), s.error_message().c_str());
        }
        nv1::UpdateNotificationPreferencesRequest twice;
        for (int i = 0; i < 2; ++i) {
            auto* p = twice.add_preferences();
            p->set_kind(nv1::NOTIFICATION_KIND_LIKE);
            p->set_delivery(nv1::DELIVERY_IN_APP);
        }
        nv1::UpdateNotificationPreferencesResponse resp;
        DEVCOLL_COMPARE_CODE(m_notifications->UpdateNotificationPreferences(TestServer::as(ann).get(), twice, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        DEVCOLL_COMPARE_CODE(m_notifications->UpdateNotificationPreferences(
                                 TestServer::as(ann).get(), nv1::UpdateNotificationPreferencesRequest(), &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        QCOMPARE(list(ann).state().SerializeAsString(), before.SerializeAsString());
    }

    void aRedeliveredEventNotifiesOnce() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        const pv1::Post post = m_server->createPost(ann, "Delivered twice");
        const events::Envelope e = likeEvent(post.id(), bob, ann);
        QVERIFY(publish(e));
        QVERIFY(publish(e));
        // A like from someone else comes after both in the same queue.
        TestUser cat = user("cat");
        QVERIFY(like(cat, post.id()));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 2);
        QCOMPARE(list(ann).state().latest_sequence(), 2);
        // The same like as a new event (another id) is a like given again: no notification either.
        QVERIFY(publish(likeEvent(post.id(), bob, ann)));
        TestUser dan = user("dan");
        QVERIFY(like(dan, post.id()));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 3);
        QCOMPARE(list(ann).state().latest_sequence(), 3);
    }

    void aSuspendedAccountNotifiesNobody() {
        TestUser ann = user("ann");
        TestUser troll = user("troll");
        TestUser moderator = m_server->newUserWithRole("mod", "moderator");
        QVERIFY(!moderator.accessToken.empty());
        const pv1::Post post = m_server->createPost(ann, "Nice day");
        auto moderation = devcoll::moderation::v1::ModerationService::NewStub(m_server->channel());
        devcoll::moderation::v1::SuspendUserRequest suspend;
        suspend.set_user_id(troll.id);
        suspend.set_reason("Harassment");
        devcoll::moderation::v1::SuspendUserResponse suspended;
        DEVCOLL_COMPARE_CODE(moderation->SuspendUser(TestServer::as(moderator).get(), suspend, &suspended),
                             grpc::StatusCode::OK);
        // Its tokens are refused at once; an event it caused just before still arrives.
        pv1::LikePostRequest req;
        req.set_post_id(post.id());
        pv1::LikePostResponse resp;
        QTRY_COMPARE(m_server->posts().LikePost(TestServer::as(troll).get(), req, &resp).error_code(),
                     grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY(publish(likeEvent(post.id(), troll, ann)));
        TestUser bob = user("bob");
        QVERIFY(like(bob, post.id()));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 1);
        QCOMPARE(ofKind(ann, nv1::NOTIFICATION_KIND_LIKE).front().actors(0).user_id(), bob.id);
    }

    void deletedContentTakesItsNotificationsWithIt() {
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        TestUser cat = user("cat");
        const pv1::Post post = m_server->createPost(ann, "To be deleted, @" + cat.username);
        const pv1::Post other = m_server->createPost(ann, "Stays");
        const std::string bobs = comment(bob, other.id(), "first");
        const std::string cats = comment(cat, other.id(), "second");
        QVERIFY(like(bob, post.id()));
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, other.id()), 2);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 1);
        QTRY_COMPARE(ofKind(cat, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, ann, replica));
        QTRY_VERIFY((pullAll(*m_sync, ann, replica), replica.ids(sv1::ENTITY_KIND_NOTIFICATION).size() == 2));

        // A deleted comment leaves its group; the group shows the comment before it.
        pv1::DeleteCommentRequest dc;
        dc.set_comment_id(cats);
        pv1::DeleteCommentResponse dcr;
        DEVCOLL_COMPARE_CODE(m_server->posts().DeleteComment(TestServer::as(cat).get(), dc, &dcr),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, other.id()), 1);
        QCOMPARE(ofKind(ann, nv1::NOTIFICATION_KIND_COMMENT).front().comment_id(), bobs);
        // A deleted post takes its likes and mentions.
        pv1::DeletePostRequest dp;
        dp.set_post_id(post.id());
        pv1::DeletePostResponse dpr;
        DEVCOLL_COMPARE_CODE(m_server->posts().DeletePost(TestServer::as(ann).get(), dp, &dpr), grpc::StatusCode::OK);
        QTRY_VERIFY(ofKind(ann, nv1::NOTIFICATION_KIND_LIKE).empty());
        QTRY_VERIFY(ofKind(cat, nv1::NOTIFICATION_KIND_MENTION).empty());
        QCOMPARE(unread(ann), 1);
        // The replica drops the deleted one and counts what is left.
        QTRY_VERIFY((pullAll(*m_sync, ann, replica), replica.ids(sv1::ENTITY_KIND_NOTIFICATION).size() == 1));
        QVERIFY(replica.has(sv1::ENTITY_KIND_NOTIFICATION, ofKind(ann, nv1::NOTIFICATION_KIND_COMMENT).front().id()));
        QTRY_COMPARE((pullAll(*m_sync, ann, replica), stateIn(replica, ann).unread_count()), 1);

        // A deleted account leaves the groups it was in.
        uv1::DeleteAccountRequest del;
        del.set_password(bob.password);
        uv1::DeleteAccountResponse deleted;
        DEVCOLL_COMPARE_CODE(m_server->users().DeleteAccount(TestServer::as(bob).get(), del, &deleted),
                             grpc::StatusCode::OK);
        QTRY_VERIFY(ofKind(ann, nv1::NOTIFICATION_KIND_COMMENT).empty());
        QCOMPARE(unread(ann), 0);
    }

    void aReplicaBackFromOfflineGetsTheCountAndListAtOnce() {
        TestUser ann = user("ann");
        const pv1::Post post = m_server->createPost(ann, "While you were away");
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, ann, replica));
        QCOMPARE(replica.ids(sv1::ENTITY_KIND_NOTIFICATION).size(), std::size_t{0});
        // Offline: 12 likes, 3 follows, 2 comments, 2 mentions.
        std::vector<TestUser> others;
        for (int i = 0; i < 12; ++i) others.push_back(user("away"));
        for (int i = 0; i < 12; ++i) QVERIFY(like(others[i], post.id()));
        for (int i = 0; i < 3; ++i) QVERIFY(m_server->follow(others[i], ann));
        for (int i = 0; i < 2; ++i) QVERIFY(!comment(others[i], post.id(), "hello " + std::to_string(i)).empty());
        for (int i = 0; i < 2; ++i) m_server->createPost(others[i], "ping @" + ann.username);
        QTRY_COMPARE(list(ann).notifications_size(), 1 + 1 + 1 + 2);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_LIKE, post.id()), 12);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 3);
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_COMMENT, post.id()), 2);
        const auto server = list(ann);
        QCOMPARE(server.state().unread_count(), 5);

        // Back online: pulling brings the five notifications and the count (once the sync
        // service has applied the last of them).
        QTRY_COMPARE((pullAll(*m_sync, ann, replica), stateIn(replica, ann).latest_sequence()),
                     server.state().latest_sequence());
        std::set<std::string> ids;
        for (const auto& n : server.notifications()) ids.insert(n.id());
        QCOMPARE(replica.ids(sv1::ENTITY_KIND_NOTIFICATION), ids);
        QCOMPARE(stateIn(replica, ann).unread_count(), 5);
        for (const auto& n : server.notifications()) {
            const auto& synced = replica.entities.at({sv1::ENTITY_KIND_NOTIFICATION, n.id()}).notification();
            QCOMPARE(synced.actor_count(), n.actor_count());
            QCOMPARE(synced.sequence(), n.sequence());
        }
        // Reading on another device reaches this one as the state.
        markRead(ann, server.state().latest_sequence());
        QTRY_COMPARE((pullAll(*m_sync, ann, replica), stateIn(replica, ann).unread_count()), 0);
    }

    void aSubscribedStreamIsToldAtOnce() {
        TestUser ann = user("ann");
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, ann, replica));
        Stream stream(*m_sync, ann, replica.cursor);
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        TestUser bob = user("bob");
        QVERIFY(m_server->follow(bob, ann));
        auto told = [&] {
            for (const auto& m : stream.messages()) {
                if (m.has_change() && m.change().kind() == sv1::ENTITY_KIND_NOTIFICATION &&
                    m.change().notification().kind() == nv1::NOTIFICATION_KIND_FOLLOW) {
                    return true;
                }
            }
            return false;
        };
        QTRY_VERIFY(told());
    }

    void listsPageNewestFirst() {
        TestUser ann = user("ann");
        for (int i = 0; i < 25; ++i) {
            TestUser someone = user("pager");
            m_server->createPost(someone, "hey @" + ann.username + " #" + std::to_string(i));
        }
        QTRY_COMPARE(list(ann).notifications_size(), 25);
        std::vector<std::int64_t> sequences;
        std::string token;
        int pages = 0;
        do {
            grpc::Status status;
            const auto page = list(ann, false, 10, token, &status);
            DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::OK);
            for (const auto& n : page.notifications()) sequences.push_back(n.sequence());
            token = page.next_page_token();
            ++pages;
        } while (!token.empty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(sequences.size(), std::size_t{25});
        QVERIFY(std::is_sorted(sequences.rbegin(), sequences.rend()));
        QCOMPARE(std::set<std::int64_t>(sequences.begin(), sequences.end()).size(), std::size_t{25});

        // A token of one list does not page another, nor another user's.
        const std::string first = list(ann, false, 10).next_page_token();
        grpc::Status status;
        list(ann, true, 10, first, &status);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        TestUser bob = user("bob");
        list(bob, false, 10, first, &status);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
        list(ann, false, 101, {}, &status);
        DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
    }

    void whatExistedBeforeNotificationsIsReadOnce() {
        // A server upgraded to one with notifications: accounts, follows and posts from before,
        // which no event will bring again.
        TestUser ann = user("ann");
        TestUser bob = user("bob");
        QVERIFY(m_server->follow(bob, ann));
        const pv1::Post old = m_server->createPost(ann, "written before the upgrade");
        QTRY_COMPARE(actorsOn(ann, nv1::NOTIFICATION_KIND_FOLLOW), 1);
        storage::Database* db = m_server->server().database("notification");
        QVERIFY(db->transact([](storage::Tx& tx) -> Status {
                      for (const char* table : {"notif_profiles", "notif_follows", "notif_posts", "notif_backfill"}) {
                          DEVCOLL_CHECK(tx.exec(std::string("DELETE FROM ") + table));
                      }
                      return {};
                  }).ok());
        QVERIFY(m_server->restart());
        db = m_server->server().database("notification");
        const auto rows = [&](const std::string& sql, const std::string& id) {
            auto r = db->read([&](storage::Tx& tx) { return tx.exec(sql, {id}); });
            return r.ok() ? (*r)[0].integer(0) : -1;
        };
        QTRY_COMPARE(rows("SELECT COUNT(*) FROM notif_backfill WHERE done_at > 0 AND id = CAST($1 AS INTEGER)", "1"),
                     1);
        QCOMPARE(rows("SELECT COUNT(*) FROM notif_profiles WHERE user_id = $1", bob.id), 1);
        QCOMPARE(rows("SELECT COUNT(*) FROM notif_follows WHERE follower_id = $1", bob.id), 1);
        QCOMPARE(rows("SELECT COUNT(*) FROM notif_posts WHERE post_id = $1", old.id()), 1);
        // A followers-only mention of Bob, known only from the backfill, reaches him.
        m_server->createPost(ann, "thanks @" + bob.username, pv1::VISIBILITY_FOLLOWERS);
        QTRY_COMPARE(ofKind(bob, nv1::NOTIFICATION_KIND_MENTION).size(), std::size_t{1});
    }

    void everyCallNeedsAnAccount() {
        nv1::ListNotificationsResponse listed;
        DEVCOLL_COMPARE_CODE(
            m_notifications->ListNotifications(TestServer::anonymous().get(), nv1::ListNotificationsRequest(), &listed),
            grpc::StatusCode::UNAUTHENTICATED);
        nv1::MarkNotificationsReadRequest mark;
        mark.set_up_to(1);
        nv1::MarkNotificationsReadResponse marked;
        DEVCOLL_COMPARE_CODE(m_notifications->MarkNotificationsRead(TestServer::anonymous().get(), mark, &marked),
                             grpc::StatusCode::UNAUTHENTICATED);
    }
};

QTEST_GUILESS_MAIN(TestNotificationService)
#include "tst_notification_service.moc"
