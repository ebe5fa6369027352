// Writing offline, in the window, offscreen, against a real devcoll-server: Ctrl+N opens the
// composer; a post with an image written while the server is away shows at once with its
// "Pending" badge painted; back online (F5) it is confirmed, the image uploaded and the badge
// gone. Also: the character count and its limit, a file that is not an image, liking with
// Ctrl+L, editing with Ctrl+E and deleting with Delete.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "app_test_support.h"
#include "server/test_server.h"
#include "sync/account_replica.h"
#include "views/composer_dialog.h"
#include "views/feed_model.h"
#include "views/main_window.h"
#include "views/post_list_view.h"
#include "views/status_text.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

constexpr int kWaitMs = 15000;
const QColor kBadgeColor(0xfe, 0xf3, 0xc7);  // PostDelegate's "Pending" badge

// Whether `color` is painted anywhere within `rect` of `image`.
bool painted(const QImage& image, const QRect& rect, const QColor& color) {
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (image.pixelColor(x, y) == color) return true;
        }
    }
    return false;
}

template <typename T>
T* waitForWidget(const QString& name) {
    T* found = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                if (auto* t = qobject_cast<T*>(w); t && t->isVisible() && (name.isEmpty() || t->objectName() == name)) {
                    found = t;
                    return true;
                }
            }
            return false;
        },
        kWaitMs);
    return shown ? found : nullptr;
}

}  // namespace

class TestComposer final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        Q_INIT_RESOURCE(devcoll);  // the icons, from the static library
        QStandardPaths::setTestModeEnabled(true);
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/replicas"))
            .removeRecursively();
    }

    void composeOfflineThenSync() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("composer_alice");
        const ServerAddress address{QStringLiteral("127.0.0.1"), 2};
        const std::string token = alice.accessToken;
        auto replica = AccountReplica::open(
            address, QString::fromStdString(alice.id), server.channel(), [token] { return token; }, nullptr,
            quickSyncSettings());
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());
        MainWindow window(address);
        window.show();
        window.showAccount(**replica);
        auto* feed = window.findChild<PostListView*>(QStringLiteral("feedView"));
        auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
        QVERIFY(feed && status);
        QAbstractItemModelTester tester(feed->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);

        QTemporaryDir files;
        const QString imagePath = files.filePath(QStringLiteral("screenshot.png"));
        QImage image(640, 480, QImage::Format_RGB32);
        image.fill(QColor(0x25, 0x63, 0xeb));
        QVERIFY(image.save(imagePath));
        const QString notAnImage = files.filePath(QStringLiteral("notes.png"));
        {
            QFile f(notAnImage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("just some text, whatever the name says");
        }

        server.stop();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Offline")), kWaitMs);

        // Ctrl+N, from anywhere in the window.
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        // The composer deletes itself once closed.
        QPointer<ComposerDialog> composer = waitForWidget<ComposerDialog>(QStringLiteral("composer"));
        QVERIFY(composer);
        auto* editor = composer->findChild<QPlainTextEdit*>(QStringLiteral("postEditor"));
        auto* count = composer->findChild<QLabel*>(QStringLiteral("characterCount"));
        auto* postButton = composer->findChild<QPushButton*>(QStringLiteral("postButton"));
        auto* attachments = composer->findChild<QListWidget*>(QStringLiteral("attachmentList"));
        auto* error = composer->findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(editor && count && postButton && attachments && error);
        QVERIFY(!editor->accessibleName().isEmpty());
        QVERIFY(!postButton->isEnabled());  // nothing written yet

        // Too long: counted, and the button refuses.
        editor->setPlainText(QString(kMaxPostCharacters + 1, QLatin1Char('x')));
        QCOMPARE(count->text(), QStringLiteral("10,001 / 10,000"));
        QVERIFY(!postButton->isEnabled());
        editor->clear();
        const QString body = QStringLiteral("Offline **Markdown** with code:\n\n```cpp\nint main() {}\n```\n");
        // Typed as a user types (Qt Test types plain ASCII letters only), the rest inserted.
        QTest::keyClicks(editor, QStringLiteral("Offline "));
        editor->insertPlainText(body.mid(8));
        QCOMPARE(count->text(), QStringLiteral("%1 / 10,000").arg(body.size()));
        QVERIFY(postButton->isEnabled());

        // A file that is not an image is refused in words; a real one shows as a thumbnail.
        composer->attachFiles({notAnImage});
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kWaitMs);
        QVERIFY2(error->text().contains(QStringLiteral("notes.png")), qPrintable(error->text()));
        composer->attachFiles({imagePath});
        QTRY_COMPARE_WITH_TIMEOUT(attachments->count(), 1, kWaitMs);
        QVERIFY(!attachments->item(0)->icon().isNull());
        QTRY_VERIFY(postButton->isEnabled());

        QTest::mouseClick(postButton, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(composer.isNull() || !composer->isVisible(), kWaitMs);

        // In the feed at once, pending, with the badge painted.
        QAbstractItemModel* model = feed->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kWaitMs);
        const QModelIndex first = model->index(0, 0);
        QCOMPARE(first.data(FeedModel::BodyRole).toString(), body);
        QVERIFY(first.data(FeedModel::PendingRole).toBool());
        QCOMPARE(first.data(FeedModel::MediaIdsRole).toStringList().size(), 1);
        QTRY_VERIFY(feed->visualRect(first).height() > 0);
        QVERIFY(painted(feed->viewport()->grab().toImage(), feed->visualRect(first), kBadgeColor));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Offline - changes waiting to be sent: 2")),
                                 kWaitMs);

        // Back online: F5 sends the image, then the post.
        QSignalSpy uploads(&(*replica)->sync(), &SyncEngine::uploadProgress);
        QVERIFY(server.start());
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model->index(0, 0).data(FeedModel::PendingRole).toBool(), kWaitMs);
        QVERIFY(!uploads.isEmpty());
        feed->viewport()->repaint();
        QVERIFY(!painted(feed->viewport()->grab().toImage(), feed->visualRect(model->index(0, 0)), kBadgeColor));
        const QString postId = model->index(0, 0).data(FeedModel::IdRole).toString();
        {
            post::v1::GetPostRequest request;
            request.set_post_id(postId.toStdString());
            post::v1::GetPostResponse response;
            const grpc::Status got = server.posts().GetPost(TestServer::as(alice).get(), request, &response);
            QVERIFY2(got.ok(), qPrintable(describe(got)));
            QCOMPARE(QString::fromStdString(response.post().body()), body);
            QCOMPARE(response.post().media_ids_size(), 1);
        }

        // Ctrl+L likes the current post. (Offscreen, no window manager gives the window back its
        // activation after a dialog.)
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        feed->setFocus();
        feed->setCurrentIndex(model->index(0, 0));
        QTest::keyClick(feed, Qt::Key_L, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(model->index(0, 0).data(FeedModel::LikedByMeRole).toBool(), kWaitMs);
        QCOMPARE(model->index(0, 0).data(FeedModel::LikeCountRole).toInt(), 1);

        // Ctrl+E edits it in the composer.
        QTest::keyClick(feed, Qt::Key_E, Qt::ControlModifier);
        auto* edit = waitForWidget<ComposerDialog>({});
        QVERIFY(edit);
        auto* editEditor = edit->findChild<QPlainTextEdit*>(QStringLiteral("postEditor"));
        QCOMPARE(editEditor->toPlainText(), body);
        editEditor->setPlainText(QStringLiteral("Edited."));
        QTest::mouseClick(edit->findChild<QPushButton*>(QStringLiteral("postButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, 0).data(FeedModel::BodyRole).toString(), QStringLiteral("Edited."),
                                  kWaitMs);

        // Delete asks first.
        QTRY_VERIFY(QApplication::activeModalWidget() == nullptr);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        feed->setFocus();
        QTest::keyClick(feed, Qt::Key_Delete);
        auto* ask = waitForWidget<QMessageBox>(QStringLiteral("deleteConfirmation"));
        QVERIFY(ask);
        QTest::mouseClick(ask->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Up to date"), kWaitMs);
        {
            // The server keeps a tombstone of a deleted post.
            post::v1::GetPostRequest request;
            request.set_post_id(postId.toStdString());
            post::v1::GetPostResponse response;
            QTRY_VERIFY_WITH_TIMEOUT(server.posts().GetPost(TestServer::as(alice).get(), request, &response).ok() &&
                                         response.post().deleted(),
                                     kWaitMs);
        }
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
