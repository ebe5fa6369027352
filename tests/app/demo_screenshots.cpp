// demo_screenshots OUTPUT_DIR: the pictures in docs/screenshots, taken from a seeded demo
// account. It starts a devcoll server in this process on a temporary SQLite data dir, registers
// three developers who post Markdown with code, follow, like and comment, opens the app's main
// window for one of them, lets it sync, writes one more post offline (so the feed shows a
// Pending badge and the status bar what waits), and saves the main window, the composer, a
// profile and the notifications as PNG files. scripts/screenshots runs it under Xvfb; it also runs offscreen.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLinearGradient>
#include <QPainter>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <cstdio>

#include "app_test_support.h"
#include "server/media/media_client.h"
#include "server/test_server.h"
#include "sync/account_replica.h"
#include "views/composer_dialog.h"
#include "views/feed_model.h"
#include "views/main_window.h"
#include "views/notifications_model.h"
#include "views/notifications_page.h"
#include "views/post_list_view.h"
#include "views/profile_page.h"
#include "views/status_text.h"
#include "views/user_actions.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

constexpr int kWaitMs = 30'000;

std::optional<TestUser> registerDemoUser(TestServer& server, const std::string& username,
                                         const std::string& displayName, const std::string& bio) {
    auth::v1::RegisterRequest request;
    request.set_username(username);
    request.set_email(username + "@example.org");
    request.set_password("demo-password-1");
    request.set_display_name(displayName);
    request.set_device_name("demo");
    auth::v1::RegisterResponse response;
    if (!server.auth().Register(TestServer::anonymous().get(), request, &response).ok()) return std::nullopt;
    TestUser user{response.user().id(),     username, request.email(), request.password(), response.access_token(),
                  response.refresh_token(), {}};
    if (!server.waitForProfile(user)) return std::nullopt;
    user::v1::UpdateProfileRequest profile;
    profile.mutable_profile()->set_bio(bio);
    profile.mutable_update_mask()->add_paths("bio");
    profile.set_expected_version(1);
    user::v1::UpdateProfileResponse updated;
    (void)server.users().UpdateProfile(TestServer::as(user).get(), profile, &updated);
    return user;
}

void like(TestServer& server, const TestUser& who, const std::string& postId) {
    post::v1::LikePostRequest request;
    request.set_post_id(postId);
    post::v1::LikePostResponse response;
    (void)server.posts().LikePost(TestServer::as(who).get(), request, &response);
}

void comment(TestServer& server, const TestUser& who, const std::string& postId, const std::string& body) {
    post::v1::CreateCommentRequest request;
    request.set_post_id(postId);
    request.set_body(body);
    post::v1::CreateCommentResponse response;
    (void)server.posts().CreateComment(TestServer::as(who).get(), request, &response);
}

bool save(QWidget* widget, const QDir& out, const QString& name) {
    QCoreApplication::processEvents();
    const QString path = out.filePath(name);
    if (!widget->grab().save(path)) {
        std::fprintf(stderr, "demo_screenshots: cannot write %s\n", qPrintable(path));
        return false;
    }
    std::printf("%s\n", qPrintable(path));
    return true;
}

// A picture to attach in the composer: a made-up chart, drawn here.
QString demoImage(const QTemporaryDir& dir) {
    QImage image(640, 400, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient sky(0, 0, 0, 400);
    sky.setColorAt(0, QColor(0x1e, 0x3a, 0x8a));
    sky.setColorAt(1, QColor(0x25, 0x63, 0xeb));
    p.fillRect(image.rect(), sky);
    p.setPen(QPen(QColor(0xfb, 0xbf, 0x24), 8));
    p.drawPolyline(QPolygon({QPoint(40, 340), QPoint(180, 260), QPoint(320, 290), QPoint(460, 140), QPoint(600, 80)}));
    p.end();
    const QString path = dir.filePath(QStringLiteral("benchmark.png"));
    image.save(path);
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(devcoll);
    if (argc != 2 || QString::fromLocal8Bit(argv[1]).startsWith(QLatin1Char('-'))) {
        std::printf(
            "usage: demo_screenshots OUTPUT_DIR\n"
            "  saves main-window.png, composer.png, profile.png and notifications.png of a seeded demo account\n");
        return argc == 2 && QString::fromLocal8Bit(argv[1]) == QStringLiteral("--help") ? 0 : 2;
    }
    QDir out(QString::fromLocal8Bit(argv[1]));
    if (!out.mkpath(QStringLiteral("."))) {
        std::fprintf(stderr, "demo_screenshots: cannot make %s\n", argv[1]);
        return 1;
    }
    QStandardPaths::setTestModeEnabled(true);  // the replica goes to ~/.qttest, not the user's data
    qputenv("DEVCOLL_TEST_BACKEND", "sqlite");

    TestServer server;
    if (!server.ok()) {
        std::fprintf(stderr, "demo_screenshots: no server: %s\n", qPrintable(server.error()));
        return 1;
    }
    const auto ada =
        registerDemoUser(server, "ada", "Ada Lovelace", "Writes programs for engines that do not exist yet.");
    const auto linus =
        registerDemoUser(server, "linus", "Linus", "Kernels, version control, and strong opinions on both.");
    const auto grace =
        registerDemoUser(server, "grace", "Grace Hopper", "It is easier to ask forgiveness than permission.");
    if (!ada || !linus || !grace) {
        std::fprintf(stderr, "demo_screenshots: cannot register the demo users\n");
        return 1;
    }
    server.follow(*ada, *linus);
    server.follow(*ada, *grace);
    server.follow(*linus, *ada);
    server.createPost(*grace,
                      "Found the first actual bug today. It was a **moth**, in relay 70 of panel F. "
                      "Taped it into the log book.");
    const auto rebase = server.createPost(
        *linus,
        "A reminder for everyone sending patches this week: rebase on the latest `main` first.\n\n"
        "```sh\ngit fetch origin\ngit rebase origin/main\n```\n\nThen run the tests *before* you send it.");
    const auto loop = server.createPost(*ada,
                                        "Note G, in modern terms: the Bernoulli numbers, one loop at a time.\n\n"
                                        "```cpp\nfor (int n = 1; n <= 7; ++n) {\n    B[n] = bernoulli(n, B);\n}\n```");
    // A picture in the feed: the chart is uploaded, and the server makes its thumbnail.
    QTemporaryDir pictures;
    QFile chart(demoImage(pictures));
    if (!chart.open(QIODevice::ReadOnly)) return 1;
    const UploadOutcome upload = uploadMedia(server, *grace, chart.readAll().toStdString());
    if (!upload.status.ok()) {
        std::fprintf(stderr, "demo_screenshots: cannot upload: %s\n", upload.status.error_message().c_str());
        return 1;
    }
    {
        post::v1::CreatePostRequest request;
        request.set_body("Compiler benchmarks after the new optimiser pass: the yellow line is **us**.");
        request.add_media_ids(upload.media.id());
        request.set_visibility(post::v1::VISIBILITY_PUBLIC);
        post::v1::CreatePostResponse created;
        if (!server.posts().CreatePost(TestServer::as(*grace).get(), request, &created).ok()) return 1;
    }
    like(server, *linus, loop.id());
    like(server, *grace, loop.id());
    comment(server, *grace, loop.id(), "Beautiful. Does it run on the Analytical Engine yet?");
    like(server, *ada, rebase.id());
    comment(server, *ada, rebase.id(), "Rebased, tested, sent.");
    // What Ada's notifications show: Linus's follow, the likes and the comment above, a mention.
    server.createPost(*grace, "Reading @ada's notes on the Analytical Engine. A century early, and still right.");

    const ServerAddress address{QStringLiteral("127.0.0.1"), 50051};
    const std::string token = ada->accessToken;
    auto replica = AccountReplica::open(
        address, QString::fromStdString(ada->id), server.channel(), [token] { return token; }, nullptr,
        quickSyncSettings());
    if (!replica.ok()) {
        std::fprintf(stderr, "demo_screenshots: %s\n", replica.error().message.c_str());
        return 1;
    }
    MainWindow window(address);
    window.resize(960, 720);
    window.show();
    window.showAccount(**replica);
    auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
    auto* feed = window.findChild<PostListView*>(QStringLiteral("feedView"));
    if (!QTest::qWaitFor(
            [&] { return status->text() == QStringLiteral("Up to date") && feed->model()->rowCount() == 5; },
            kWaitMs)) {
        std::fprintf(stderr, "demo_screenshots: the demo account did not sync: %s\n", qPrintable(status->text()));
        return 1;
    }

    // Offline now: a post written meanwhile waits, marked Pending.
    server.stop();
    (void)QTest::qWaitFor([&] { return status->text().startsWith(QStringLiteral("Offline")); }, kWaitMs);
    // As the composer saves it.
    auto* actions = window.findChild<UserActions*>();
    actions->createPost(
        PostDraft{QStringLiteral("Written on the train, **offline**. It goes out when I am back online."), 1, {}});
    (void)QTest::qWaitFor([&] { return feed->model()->rowCount() == 6 && status->text().contains(QLatin1Char('1')); },
                          kWaitMs);
    feed->setCurrentIndex(feed->model()->index(1, 0));
    bool ok = save(&window, out, QStringLiteral("main-window.png"));

    QTemporaryDir files;
    ComposerDialog composer(*actions);
    composer.resize(720, 460);
    composer.show();
    composer.findChild<QPlainTextEdit*>(QStringLiteral("postEditor"))
        ->setPlainText(
            QStringLiteral("Benchmarks of the new allocator are in:\n\n```cpp\nauto* p = arena.allocate(64);\n```\n\n"
                           "**3x** fewer page faults. Chart attached."));
    composer.attachFiles({demoImage(files)});
    (void)QTest::qWaitFor([&] { return composer.findChild<QWidget*>(QStringLiteral("attachmentList"))->isVisible(); },
                          kWaitMs);
    ok = save(&composer, out, QStringLiteral("composer.png")) && ok;
    composer.close();

    // Linus's profile, as a user opens it: his post in the feed, then Show Author (Ctrl+P).
    for (int row = 0; row < feed->model()->rowCount(); ++row) {
        const QModelIndex index = feed->model()->index(row, 0);
        if (index.data(FeedModel::AuthorUsernameRole).toString() == QStringLiteral("linus")) {
            feed->setCurrentIndex(index);
            break;
        }
    }
    feed->authorAction()->trigger();
    (void)QTest::qWaitFor([&] { return window.findChild<ProfilePage*>() != nullptr; }, kWaitMs);
    auto* profile = window.findChild<ProfilePage*>();
    (void)QTest::qWaitFor(
        [&] {
            return profile &&
                   profile->findChild<QLabel*>(QStringLiteral("profileUsername"))->text() == QStringLiteral("@linus") &&
                   profile->postsView()->model()->rowCount() > 0;
        },
        kWaitMs);
    ok = save(&window, out, QStringLiteral("profile.png")) && ok;

    // Her notifications, as View > Notifications (Ctrl+4) lists them.
    window.findChild<QAction*>(QStringLiteral("notificationsAction"))->trigger();
    auto* notifications = window.findChild<NotificationsPage*>(QStringLiteral("notificationsPage"));
    // Opened, they are marked read, and what was new stays in bold while the list is open.
    (void)QTest::qWaitFor(
        [&] {
            return notifications && notifications->model()->rowCount() >= 4 &&
                   notifications->findChild<QLabel*>(QStringLiteral("notificationsStatus"))
                       ->text()
                       .endsWith(QStringLiteral(" new")) &&
                   !window.findChild<QToolButton*>(QStringLiteral("notificationsButton"))->isVisible();
        },
        kWaitMs);
    ok = save(&window, out, QStringLiteral("notifications.png")) && ok;
    return ok ? 0 : 1;
}
