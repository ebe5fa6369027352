// Notifications over real gRPC: every kind, grouping while unread, the read mark, who may see a
// mention or a reply, preferences, paging, and calls refused without an account.
#include <QTest>

#include "server/notification/notification_fixture.h"

using namespace devcoll;
using namespace devcoll::test;

class TestNotificationService final : public NotificationFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }

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
