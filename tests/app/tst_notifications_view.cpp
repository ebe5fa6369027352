// Notifications in the window, offscreen, against a real server: the badge counts what arrives
// through sync, the view lists it (checked by QAbstractItemModelTester) with grouped sentences,
// opening it marks it read here and then on the server, a notification opens its post or the
// follower's profile, and a desktop notification does too when clicked. After time away, many
// notifications arriving at once pop up as the newest few and one count, and never twice.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFont>
#include <QIcon>
#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include "app_test_support.h"
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "server/test_server.h"
#include "server_replica.h"
#include "store/pending_actions.h"
#include "store/replica_notifications.h"
#include "store/replica_state.h"
#include "sync/account_replica.h"
#include "views/desktop_notifier.h"
#include "views/main_window.h"
#include "views/mention_links.h"
#include "views/notification_text.h"
#include "views/notifications_model.h"
#include "views/notifications_page.h"
#include "views/post_page.h"
#include "views/profile_page.h"
#include "views/settings_dialog.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;

namespace {

constexpr int kWaitMs = 15000;

bool like(TestServer& server, const TestUser& as, const std::string& postId) {
    pv1::LikePostRequest req;
    req.set_post_id(postId);
    pv1::LikePostResponse resp;
    return server.posts().LikePost(TestServer::as(as).get(), req, &resp).ok();
}

// The window shows the account, and its replica has synced everything.
bool showSynced(MainWindow& window, AccountReplica& replica) {
    window.show();
    window.showAccount(replica);
    replica.sync().start();
    return QTest::qWaitFor([&] { return settled(replica.sync()); }, kWaitMs);
}

int serverUnread(TestServer& server, const TestUser& as) {
    auto stub = notification::v1::NotificationService::NewStub(server.channel());
    notification::v1::GetNotificationStateResponse resp;
    const auto status = stub->GetNotificationState(TestServer::as(as).get(), {}, &resp);
    return status.ok() ? resp.state().unread_count() : -1;
}

QStringList texts(const QAbstractItemModel& model) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) out << model.index(row, 0).data().toString();
    return out;
}

}  // namespace

class TestNotificationsView final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useWindowTestEnvironment(); }
    void cleanupTestCase() { removeTestReplicas(); }

    void sentencesGroupAndNameThePeople() {
        notification::v1::Notification n;
        n.set_kind(notification::v1::NOTIFICATION_KIND_LIKE);
        auto* ada = n.add_actors();
        ada->set_username("ada");
        ada->set_display_name("Ada Lovelace");
        n.set_actor_count(1);
        QCOMPARE(notificationSentence(n), QStringLiteral("Ada Lovelace liked your post"));
        n.set_actor_count(2);
        QCOMPARE(notificationSentence(n), QStringLiteral("Ada Lovelace and one other liked your post"));
        n.set_actor_count(13);
        QCOMPARE(notificationSentence(n), QStringLiteral("Ada Lovelace and 12 others liked your post"));
        ada->clear_display_name();
        n.set_kind(notification::v1::NOTIFICATION_KIND_FOLLOW);
        n.set_actor_count(1);
        QCOMPARE(notificationSentence(n), QStringLiteral("@ada followed you"));
        n.set_kind(notification::v1::NOTIFICATION_KIND_MENTION);
        n.set_comment_id("c1");
        QCOMPARE(notificationSentence(n), QStringLiteral("@ada mentioned you in a comment"));
        n.clear_actors();
        n.set_kind(notification::v1::NOTIFICATION_KIND_REPLY);
        QCOMPARE(notificationSentence(n), QStringLiteral("Someone replied to your comment"));
    }

    void mentionsBecomeLinksOutsideCode() {
        QCOMPARE(linkMentions(QStringLiteral("hi @ada, see `@Override` and [@bob](https://x.org)")),
                 QStringLiteral("hi [@ada](devcoll:user/ada), see `@Override` and [@bob](https://x.org)"));
        QCOMPARE(linkMentions(QStringLiteral("naïve @Zoë_x? no: @zo_e")),
                 QStringLiteral("naïve @Zoë_x? no: [@zo_e](devcoll:user/zo_e)"));
        QCOMPARE(mentionedUsername(QUrl(QStringLiteral("devcoll:user/ada"))), QStringLiteral("ada"));
        QVERIFY(mentionedUsername(QUrl(QStringLiteral("https://example.org/user/ada"))).isEmpty());
    }

    void aMentionOpensTheProfileItNames() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        const TestUser bob = server.newUser("bob");
        const TestUser dan = server.newUser("dan");  // nobody here follows Dan: not in Ann's replica
        QVERIFY(server.follow(ann, bob));
        const pv1::Post post =
            server.createPost(bob, "thanks @" + ann.username + " and @" + dan.username + ", not @nobody_at_all");
        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        QVERIFY(showSynced(window, *replica));
        window.desktopNotifier()->activate(QStringLiteral("post:") + QString::fromStdString(post.id()));
        auto* body = window.findChild<QTextBrowser*>(QStringLiteral("postBody"));
        QVERIFY(body && body->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(
            body->toHtml().contains(QStringLiteral("devcoll:user/") + QString::fromStdString(ann.username)), kWaitMs);
        const auto openedProfile = [&](const std::string& id) {
            auto* page = window.findChild<ProfilePage*>(QStringLiteral("profilePage"));
            return page && page->isVisible() && page->userId() == QString::fromStdString(id);
        };
        // Ann's own profile is in the replica; Dan's comes from the server.
        emit body->anchorClicked(QUrl(QStringLiteral("devcoll:user/") + QString::fromStdString(ann.username)));
        QTRY_VERIFY_WITH_TIMEOUT(openedProfile(ann.id), kWaitMs);
        window.findChild<QAction*>(QStringLiteral("backAction"))->trigger();
        QVERIFY(body->isVisible());
        emit body->anchorClicked(QUrl(QStringLiteral("devcoll:user/") + QString::fromStdString(dan.username)));
        QTRY_VERIFY_WITH_TIMEOUT(openedProfile(dan.id), kWaitMs);
        window.findChild<QAction*>(QStringLiteral("backAction"))->trigger();
        emit body->anchorClicked(QUrl(QStringLiteral("devcoll:user/nobody_at_all")));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("no account called @nobody_at_all")), kWaitMs);
        QVERIFY(body->isVisible());
    }

    void theViewListsMarksReadAndOpens() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        const TestUser bob = server.newUser("bob");
        const TestUser cat = server.newUser("cat");
        const pv1::Post post = server.createPost(ann, "Notifications are here");
        QVERIFY(!post.id().empty());

        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        QSignalSpy popups(window.desktopNotifier(), &DesktopNotifier::shown);
        QVERIFY(showSynced(window, *replica));

        QVERIFY(server.follow(bob, ann));
        QVERIFY(like(server, bob, post.id()));
        QVERIFY(like(server, cat, post.id()));
        auto* badge = window.findChild<QToolButton*>(QStringLiteral("notificationsButton"));
        QVERIFY(badge);
        QTRY_VERIFY_WITH_TIMEOUT(badge->isVisible() && badge->text() == QStringLiteral("Notifications (2)"), kWaitMs);
        // Told on the desktop as they came: the follow, then the likes (one group).
        QTRY_VERIFY_WITH_TIMEOUT(!popups.isEmpty(), kWaitMs);
        QVERIFY(popups.size() <= 3);
        QVERIFY(popups.last().at(0).toString().contains(QStringLiteral("liked your post")) ||
                popups.last().at(0).toString().contains(QStringLiteral("followed you")));

        auto* action = window.findChild<QAction*>(QStringLiteral("notificationsAction"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        auto* page = window.findChild<NotificationsPage*>(QStringLiteral("notificationsPage"));
        QVERIFY(page && page->isVisible());
        QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 2, kWaitMs);
        const QStringList shown = texts(*page->model());
        QVERIFY2(shown[0].startsWith(QString::fromStdString(cat.username) +
                                     QStringLiteral(" and one other liked your post")),
                 qPrintable(shown[0]));
        QVERIFY2(shown[1].startsWith(QString::fromStdString(bob.username) + QStringLiteral(" followed you")),
                 qPrintable(shown[1]));

        // Shown, it is read: here at once, then on the server; while the list stays open, what
        // was new stays marked new (bold), so the user sees what came since they last looked.
        QTRY_VERIFY_WITH_TIMEOUT(!badge->isVisible(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(onStore<NotificationSummary>(
                                      replica->store(), [](ReplicaDatabase& db) { return readNotificationSummary(db); })
                                      .unreadCount,
                                  0, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(server, ann), 0, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);
        QVERIFY(page->model()->index(0).data(NotificationsModel::UnreadRole).toBool());
        QVERIFY(page->model()->index(0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!page->model()->index(0).data(Qt::DecorationRole).value<QIcon>().isNull());
        auto* status = page->findChild<QLabel*>(QStringLiteral("notificationsStatus"));
        QVERIFY(status);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("2 new"), kWaitMs);

        // A like opens the post; a follow the follower's profile.
        emit page->view()->activated(page->model()->index(0));
        auto* postPage = qobject_cast<PostPage*>(window.findChild<QWidget*>(QStringLiteral("postPage")));
        QVERIFY(postPage && postPage->isVisible());
        window.findChild<QAction*>(QStringLiteral("backAction"))->trigger();
        QVERIFY(page->isVisible());
        emit page->view()->activated(page->model()->index(1));
        auto* profilePage = qobject_cast<ProfilePage*>(window.findChild<QWidget*>(QStringLiteral("profilePage")));
        QVERIFY(profilePage && profilePage->isVisible());

        // Left and opened again, nothing is new any more.
        window.findChild<QAction*>(QStringLiteral("homeAction"))->trigger();
        action->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("All caught up"), kWaitMs);
        QVERIFY(!page->model()->index(0).data(NotificationsModel::UnreadRole).toBool());

        // A click on a desktop notification brings its post.
        window.findChild<QAction*>(QStringLiteral("homeAction"))->trigger();
        window.desktopNotifier()->activate(QStringLiteral("post:") + QString::fromStdString(post.id()));
        QTRY_VERIFY(window.findChild<QWidget*>(QStringLiteral("postPage")) &&
                    window.findChild<QWidget*>(QStringLiteral("postPage"))->isVisible());
    }

    void aFloodAfterTimeAwayPopsUpTheNewestFewOnce() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        {
            // A first session: the replica is made, and the desktop notes where it stands.
            MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
            window.showAccount(*replica);
            replica->sync().start();
            QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);
            QTRY_VERIFY_WITH_TIMEOUT(
                onStore<std::optional<QString>>(
                    replica->store(),
                    [](ReplicaDatabase& db) { return stateOf(db, StateKey::NotificationsAlertedUpTo); })
                    .has_value(),
                kWaitMs);
            replica->sync().stop();
        }
        // Away: ten people mention Ann, each in a post of their own.
        for (int i = 0; i < 10; ++i) {
            const TestUser someone = server.newUser("away");
            QVERIFY(!server.createPost(someone, "hello @" + ann.username).id().empty());
        }
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(server, ann), 10, kWaitMs);

        // Back: the newest three one by one, and one count for the other seven.
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        QSignalSpy popups(window.desktopNotifier(), &DesktopNotifier::shown);
        window.show();
        window.showAccount(*replica);
        replica->sync().start();
        QTRY_COMPARE_WITH_TIMEOUT(popups.size(), MainWindow::kDesktopNotificationsAtOnce + 1, kWaitMs);
        for (int i = 0; i < MainWindow::kDesktopNotificationsAtOnce; ++i) {
            QVERIFY(popups.at(i).at(0).toString().endsWith(QStringLiteral("mentioned you")));
            QVERIFY(popups.at(i).at(2).toString().startsWith(QStringLiteral("post:")));
        }
        QCOMPARE(popups.last().at(0).toString(), QStringLiteral("7 more notifications"));
        QCOMPARE(popups.last().at(2).toString(), QStringLiteral("notifications"));
        auto* badge = window.findChild<QToolButton*>(QStringLiteral("notificationsButton"));
        QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("Notifications (10)"), kWaitMs);
        // Nothing is left to tell the desktop: more syncing shows none of them again.
        window.findChild<QAction*>(QStringLiteral("refreshAction"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);
        const auto left =
            onStore<DesktopAlerts>(replica->store(), [](ReplicaDatabase& db) { return takeDesktopAlerts(db, 3); });
        QVERIFY(left.shown.isEmpty());
        QCOMPARE(left.more, 0);
        QCOMPARE(popups.size(), MainWindow::kDesktopNotificationsAtOnce + 1);
        // The "more" notification opens the list.
        window.desktopNotifier()->activate(QStringLiteral("notifications"));
        auto* page = window.findChild<NotificationsPage*>(QStringLiteral("notificationsPage"));
        QVERIFY(page && page->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 10, kWaitMs);
    }

    void aNewDeviceDoesNotPopUpWhatCameBefore() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        for (int i = 0; i < 4; ++i) QVERIFY(server.follow(server.newUser("early"), ann));
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(server, ann), 1, kWaitMs);  // one group of four
        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        QSignalSpy popups(window.desktopNotifier(), &DesktopNotifier::shown);
        QVERIFY(showSynced(window, *replica));
        auto* badge = window.findChild<QToolButton*>(QStringLiteral("notificationsButton"));
        QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("Notifications (1)"), kWaitMs);
        // What the first download brought is listed and counted, not popped up; what comes
        // after is.
        QTRY_VERIFY_WITH_TIMEOUT(
            onStore<std::optional<QString>>(
                replica->store(), [](ReplicaDatabase& db) { return stateOf(db, StateKey::NotificationsAlertedUpTo); })
                .has_value(),
            kWaitMs);
        QCOMPARE(popups.size(), 0);
        const pv1::Post post = server.createPost(ann, "after");
        QVERIFY(like(server, server.newUser("late"), post.id()));
        QTRY_COMPARE_WITH_TIMEOUT(popups.size(), 1, kWaitMs);
        QVERIFY(popups.first().at(0).toString().endsWith(QStringLiteral("liked your post")));
    }

    void settingsChooseHowEachKindArrives() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        MainWindow window(ServerAddress{QStringLiteral("127.0.0.1"), 4});
        QSignalSpy popups(window.desktopNotifier(), &DesktopNotifier::shown);
        QVERIFY(showSynced(window, *replica));

        window.findChild<QAction*>(QStringLiteral("settingsAction"))->trigger();
        auto* dialog = window.findChild<SettingsDialog*>(QStringLiteral("settingsDialog"));
        QVERIFY(dialog);
        auto* mentions = dialog->findChild<QComboBox*>(
            QStringLiteral("delivery%1").arg(int(notification::v1::NOTIFICATION_KIND_MENTION)));
        auto* likes = dialog->findChild<QComboBox*>(
            QStringLiteral("delivery%1").arg(int(notification::v1::NOTIFICATION_KIND_LIKE)));
        QVERIFY(mentions && likes);
        QTRY_VERIFY_WITH_TIMEOUT(mentions->isEnabled(), kWaitMs);
        QCOMPARE(mentions->currentData().toInt(), int(notification::v1::DELIVERY_IN_APP_AND_DESKTOP));
        mentions->setCurrentIndex(mentions->findData(int(notification::v1::DELIVERY_IN_APP)));
        likes->setCurrentIndex(likes->findData(int(notification::v1::DELIVERY_OFF)));
        dialog->accept();

        // On the server once sent.
        auto stub = notification::v1::NotificationService::NewStub(server.channel());
        const auto deliveryOnServer = [&](notification::v1::NotificationKind kind) {
            notification::v1::GetNotificationStateResponse resp;
            if (!stub->GetNotificationState(TestServer::as(ann).get(), {}, &resp).ok()) return -1;
            for (const auto& p : resp.state().preferences()) {
                if (p.kind() == kind) return int(p.delivery());
            }
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(deliveryOnServer(notification::v1::NOTIFICATION_KIND_MENTION),
                                  int(notification::v1::DELIVERY_IN_APP), kWaitMs);
        QCOMPARE(deliveryOnServer(notification::v1::NOTIFICATION_KIND_LIKE), int(notification::v1::DELIVERY_OFF));
        QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);

        // A mention is listed and counted, not shown on the desktop; a like makes nothing.
        const TestUser bob = server.newUser("bob");
        const pv1::Post own = server.createPost(ann, "mine");
        QVERIFY(like(server, bob, own.id()));
        QVERIFY(!server.createPost(bob, "hey @" + ann.username).id().empty());
        auto* badge = window.findChild<QToolButton*>(QStringLiteral("notificationsButton"));
        QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("Notifications (1)"), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);
        const auto left =
            onStore<DesktopAlerts>(replica->store(), [](ReplicaDatabase& db) { return takeDesktopAlerts(db, 3); });
        QVERIFY(left.shown.isEmpty());
        QCOMPARE(popups.size(), 0);
    }

    void markingReadOfflineWaitsInTheQueue() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser ann = server.newUser("ann");
        const TestUser bob = server.newUser("bob");
        QVERIFY(server.follow(bob, ann));
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(server, ann), 1, kWaitMs);
        auto replica = openReplica(server, ann);
        QVERIFY(replica);
        replica->sync().start();
        QTRY_COMPARE_WITH_TIMEOUT(onStore<NotificationSummary>(
                                      replica->store(), [](ReplicaDatabase& db) { return readNotificationSummary(db); })
                                      .unreadCount,
                                  1, kWaitMs);
        replica->sync().stop();  // offline from here
        const auto summary = onStore<NotificationSummary>(
            replica->store(), [](ReplicaDatabase& db) { return readNotificationSummary(db); });
        const QString account = QString::fromStdString(ann.id);
        onStore<void>(replica->store(),
                      [&](ReplicaDatabase& db) { return markNotificationsRead(db, account, summary.latestSequence); });
        QCOMPARE(onStore<NotificationSummary>(replica->store(),
                                              [](ReplicaDatabase& db) { return readNotificationSummary(db); })
                     .unreadCount,
                 0);
        QCOMPARE(onStore<int>(replica->store(), [](ReplicaDatabase& db) { return pendingActionCount(db); }), 1);
        // Marking what is already read queues nothing; a mark of 0 is refused.
        onStore<void>(replica->store(),
                      [&](ReplicaDatabase& db) { return markNotificationsRead(db, account, summary.latestSequence); });
        QCOMPARE(onStore<int>(replica->store(), [](ReplicaDatabase& db) { return pendingActionCount(db); }), 1);
        auto refused =
            replica->store().run<void>([&](ReplicaDatabase& db) { return markNotificationsRead(db, account, 0); });
        refused.waitForFinished();
        QCOMPARE(refused.result().error().code, ErrorCode::InvalidArgument);
        QCOMPARE(serverUnread(server, ann), 1);
        // Online again: it goes.
        replica->sync().start();
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(server, ann), 0, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(settled(replica->sync()), kWaitMs);
        QCOMPARE(onStore<int>(replica->store(), [](ReplicaDatabase& db) { return pendingActionCount(db); }), 0);
    }
};

QTEST_MAIN(TestNotificationsView)
#include "tst_notifications_view.moc"
