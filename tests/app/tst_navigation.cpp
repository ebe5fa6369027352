// Finding people and posts and acting on them, in the window, offscreen, against a real
// devcoll-server: Ctrl+F searches as one types (the server's results marked as such), a
// profile found there is followed with one click (confirmed by the server, and its posts come
// into the feed), a post opened from the feed takes a comment that shows pending, then
// confirmed; Alt+Left goes back; offline, search still answers from the replica and says so.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTime>

#include "app_test_support.h"
#include "server/test_server.h"
#include "sync/account_replica.h"
#include "views/feed_model.h"
#include "views/main_window.h"
#include "views/post_list_view.h"
#include "views/post_page.h"
#include "views/profile_page.h"
#include "views/search_page.h"
#include "views/status_text.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

constexpr int kWaitMs = 15000;

// The row of `model` whose `role` is `value`, or -1.
int rowWith(const QAbstractItemModel* model, int role, const QVariant& value) {
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(role) == value) return r;
    }
    return -1;
}

}  // namespace

class TestNavigation final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { useWindowTestEnvironment(); }
    void cleanupTestCase() { removeTestReplicas(); }

    void searchFollowOpenAndComment() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("nav_alice");
        const TestUser bob = server.newUser("nav_bob");
        server.createPost(bob, "Tips on the borrow checker");
        const ServerAddress address{QStringLiteral("127.0.0.1"), 3};
        const std::string token = alice.accessToken;
        auto replica = AccountReplica::open(
            address, QString::fromStdString(alice.id), server.channel(), [token] { return token; }, nullptr,
            quickSyncSettings());
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());
        MainWindow window(address);
        window.show();
        window.showAccount(**replica);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto* pages = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
        auto* feed = window.findChild<PostListView*>(QStringLiteral("feedView"));
        auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
        QVERIFY(pages && feed && status);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
        QCOMPARE(feed->model()->rowCount(), 0);  // alice follows no one yet

        // Ctrl+F: the search page, its field focused; bob's post is only on the server.
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto* search = window.findChild<SearchPage*>(QStringLiteral("searchPage"));
        QVERIFY(search);
        QCOMPARE(pages->currentWidget(), search);
        auto* field = search->findChild<QLineEdit*>(QStringLiteral("searchEdit"));
        auto* results = search->findChild<QListView*>(QStringLiteral("searchResults"));
        auto* where = search->findChild<QLabel*>(QStringLiteral("searchStatus"));
        QVERIFY(field && results && where);
        QTRY_VERIFY(field->hasFocus());
        QAbstractItemModelTester tester(results->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTest::keyClicks(field, QStringLiteral("borrow"));
        QTRY_VERIFY_WITH_TIMEOUT(results->model()->rowCount() > 0, kWaitMs);
        const int postRow = rowWith(results->model(), FeedModel::IsProfileRole, false);
        QVERIFY(postRow >= 0);
        QVERIFY(results->model()->index(postRow, 0).data(FeedModel::FromServerRole).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(where->text(), QStringLiteral("Results from this computer and the server."), kWaitMs);

        // bob, found by name on the server; Return opens his profile.
        field->setText(QString::fromStdString(bob.username));
        const QString bobId = QString::fromStdString(bob.id);
        QTRY_VERIFY_WITH_TIMEOUT(rowWith(results->model(), FeedModel::IdRole, bobId) >= 0, kWaitMs);
        const QModelIndex bobRow = results->model()->index(rowWith(results->model(), FeedModel::IdRole, bobId), 0);
        QVERIFY(bobRow.data(FeedModel::IsProfileRole).toBool());
        results->setFocus();
        results->setCurrentIndex(bobRow);
        QTest::keyClick(results, Qt::Key_Return);
        auto* profile = qobject_cast<ProfilePage*>(pages->currentWidget());
        QVERIFY(profile);
        QCOMPARE(profile->userId(), bobId);
        auto* name = profile->findChild<QLabel*>(QStringLiteral("profileUsername"));
        auto* followButton = profile->findChild<QPushButton*>(QStringLiteral("followButton"));
        QVERIFY(name && followButton);
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), QStringLiteral("@") + QString::fromStdString(bob.username), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(followButton->text(), QStringLiteral("&Follow"), kWaitMs);
        QTest::mouseClick(followButton, Qt::LeftButton);
        QCOMPARE(followButton->text(), QStringLiteral("Un&follow"));

        // The server confirms; bob's post comes into alice's feed.
        QTRY_COMPARE_WITH_TIMEOUT(feed->model()->rowCount(), 1, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
        {
            user::v1::GetUserRequest request;
            request.set_user_id(bob.id);
            user::v1::GetUserResponse response;
            const grpc::Status got = server.users().GetUser(TestServer::as(alice).get(), request, &response);
            QVERIFY2(got.ok(), qPrintable(describe(got)));
            QVERIFY(response.user().followed_by_me());
        }

        // Back, back: search, then the feed.
        QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(pages->currentWidget(), search);
        QTest::keyClick(&window, Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(pages->currentWidget(), feed);

        // Return on the post opens it; a comment shows pending, then confirmed.
        feed->setFocus();
        feed->setCurrentIndex(feed->model()->index(0, 0));
        QTest::keyClick(feed, Qt::Key_Return);
        auto* post = qobject_cast<PostPage*>(pages->currentWidget());
        QVERIFY(post);
        auto* editor = post->findChild<QPlainTextEdit*>(QStringLiteral("commentEditor"));
        auto* send = post->findChild<QPushButton*>(QStringLiteral("commentButton"));
        auto* comments = post->findChild<QListWidget*>(QStringLiteral("commentList"));
        QVERIFY(editor && send && comments);
        QVERIFY(!send->isEnabled());
        QTest::keyClicks(editor, QStringLiteral("Thanks bob"));
        QTRY_VERIFY_WITH_TIMEOUT(send->isEnabled(), kWaitMs);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(comments->count(), 1, kWaitMs);
        QVERIFY(comments->item(0)->text().endsWith(QStringLiteral("\nThanks bob")));
        QTRY_VERIFY_WITH_TIMEOUT(!comments->item(0)->text().contains(QStringLiteral("Pending")), kWaitMs);
        QVERIFY(editor->toPlainText().isEmpty());
        {
            post::v1::ListCommentsRequest request;
            request.set_post_id(feed->model()->index(0, 0).data(FeedModel::IdRole).toString().toStdString());
            post::v1::ListCommentsResponse response;
            const grpc::Status got = server.posts().ListComments(TestServer::as(alice).get(), request, &response);
            QVERIFY2(got.ok(), qPrintable(describe(got)));
            QCOMPARE(response.comments_size(), 1);
            QCOMPARE(response.comments(0).body(), std::string("Thanks bob"));
        }

        // Offline, search answers from the replica and says the server is out of reach.
        qWarning() << "before stop" << QTime::currentTime();
        server.stop();
        qWarning() << "after stop" << QTime::currentTime();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(pages->currentWidget(), search);
        field->setText(QStringLiteral("borrow"));
        QTRY_COMPARE_WITH_TIMEOUT(
            where->text(), QStringLiteral("The server cannot be asked now: results from this computer only."), 30000);
        QCOMPARE(results->model()->rowCount(), 1);
        QVERIFY(!results->model()->index(0, 0).data(FeedModel::FromServerRole).toBool());
    }
};

QTEST_MAIN(TestNavigation)
#include "tst_navigation.moc"
