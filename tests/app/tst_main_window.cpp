// Tests of the main window, built offscreen.
#include "server_address.h"
#include "views/main_window.h"
#include "views/status_text.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using devcoll::app::MainWindow;
using devcoll::app::ServerAddress;
using devcoll::app::ServerAddressCandidates;
using devcoll::app::StatusText;

namespace {

const QString kDefault = QStringLiteral("127.0.0.1:50051");

QString serverLabelText(const MainWindow& window) {
    const auto* label = window.findChild<QLabel*>(QStringLiteral("serverAddressLabel"));
    return label ? label->text() : QString();
}

}  // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void showsTheServerAddressItWasGiven_data();
    void showsTheServerAddressItWasGiven();
    void badAddressFallsBackToDefault_data();
    void badAddressFallsBackToDefault();
    void showsTitleStatusAndAccessibleNames();
    void hasFileQuitAndHelpAbout();
    void quitClosesTheWindow();
    void windowIconRenders();
};

void TestMainWindow::initTestCase() {
    Q_INIT_RESOURCE(devcoll);
    QStandardPaths::setTestModeEnabled(true);
}

void TestMainWindow::showsTheServerAddressItWasGiven_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("shown");

    QTest::newRow("default") << "127.0.0.1" << 50051 << kDefault;
    QTest::newRow("host name") << "devcoll.example.org" << 443 << "devcoll.example.org:443";
    QTest::newRow("IPv6 in brackets") << "::1" << 50051 << "[::1]:50051";
}

void TestMainWindow::showsTheServerAddressItWasGiven() {
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, shown);

    MainWindow window(ServerAddress{host, static_cast<quint16>(port)});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const auto* label = window.findChild<QLabel*>(QStringLiteral("serverAddressLabel"));
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("devcoll will talk to the server at %1").arg(shown));
    QCOMPARE(window.serverAddress().toString(), shown);
}

void TestMainWindow::badAddressFallsBackToDefault_data() {
    QTest::addColumn<QString>("bad");

    QTest::newRow("missing port") << "localhost";
    QTest::newRow("port 0") << "localhost:0";
    QTest::newRow("port 70000") << "localhost:70000";
    QTest::newRow("empty host") << ":50051";
    QTest::newRow("IPv6 without brackets") << "::1:50051";
}

void TestMainWindow::badAddressFallsBackToDefault() {
    QFETCH(QString, bad);

    // The path main() takes: --server BAD, nothing else set.
    const devcoll::app::ResolvedServerAddress resolved =
        devcoll::app::resolveServerAddress(ServerAddressCandidates{bad, std::nullopt, std::nullopt});
    QCOMPARE(resolved.warnings.size(), 1);

    MainWindow window(resolved.address);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(serverLabelText(window), QStringLiteral("devcoll will talk to the server at %1").arg(kDefault));
}

void TestMainWindow::showsTitleStatusAndAccessibleNames() {
    MainWindow window(ServerAddress::defaultAddress());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QCOMPARE(window.windowTitle(), QStringLiteral("devcoll"));
    const auto* label = window.findChild<QLabel*>(QStringLiteral("serverAddressLabel"));
    QVERIFY(label);
    QCOMPARE(label->alignment(), Qt::AlignCenter);
    QVERIFY(!label->accessibleName().isEmpty());

    const auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
    QVERIFY(status);
    QVERIFY(status->isVisible());
    QCOMPARE(status->text(), QStringLiteral("Offline - the app is not connected yet"));
    QVERIFY(!status->accessibleName().isEmpty());
}

void TestMainWindow::hasFileQuitAndHelpAbout() {
    MainWindow window(ServerAddress::defaultAddress());

    const QList<QAction*> menus = window.menuBar()->actions();
    QCOMPARE(menus.size(), 4);
    QCOMPARE(menus.at(0)->text(), QStringLiteral("&File"));
    QCOMPARE(menus.at(1)->text(), QStringLiteral("&View"));
    QCOMPARE(menus.at(2)->text(), QStringLiteral("&Post"));
    QCOMPARE(menus.at(3)->text(), QStringLiteral("&Help"));
    QVERIFY(!menus.at(2)->isEnabled());  // no posts before an account is shown

    // New post is Ctrl+N, and waits for an account too.
    auto* newPost = window.findChild<QAction*>(QStringLiteral("newPostAction"));
    QVERIFY(newPost);
    QVERIFY(newPost->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_N)));
    QVERIFY(!newPost->isEnabled());

    // Refresh is F5, and does nothing until an account is shown.
    auto* refresh = window.findChild<QAction*>(QStringLiteral("refreshAction"));
    QVERIFY(refresh);
    QVERIFY(refresh->shortcuts().contains(QKeySequence(Qt::Key_F5)));
    QVERIFY(!refresh->isEnabled());

    auto* quit = window.findChild<QAction*>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    QVERIFY(menus.at(0)->menu()->actions().contains(quit));
    QVERIFY(menus.at(0)->menu()->actions().contains(newPost));
    QVERIFY(quit->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Q)));
    QCOMPARE(quit->menuRole(), QAction::QuitRole);

    auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    QVERIFY(menus.at(3)->menu()->actions().contains(about));
    QCOMPARE(about->menuRole(), QAction::AboutRole);
}

void TestMainWindow::quitClosesTheWindow() {
    MainWindow window(ServerAddress::defaultAddress());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto* quit = window.findChild<QAction*>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    quit->trigger();
    QVERIFY(!window.isVisible());
}

void TestMainWindow::windowIconRenders() {
    MainWindow window(ServerAddress::defaultAddress());
    QVERIFY(!window.windowIcon().isNull());
    QVERIFY2(!window.windowIcon().pixmap(QSize(64, 64)).isNull(),
             "the SVG icon does not render: is Qt's SVG icon engine (Debian: libqt6svg6) installed?");
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
