// How notifications travel and end, over real gRPC: exactly once under redelivered events, none
// from a suspended account, withdrawn with deleted content and accounts (also for events that
// arrive late), the same list reaching a replica through the sync stream after time offline and
// a subscribed stream at once, and what existed before the service first ran read at its start.
#include <QTest>

#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "server/notification/notification_fixture.h"

using namespace devcoll;
using namespace devcoll::test;

class TestNotificationDelivery final : public NotificationFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }

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
};

QTEST_GUILESS_MAIN(TestNotificationDelivery)
#include "tst_notification_delivery.moc"
