// From start to a signed-in window, offscreen, against a real devcoll-server: the first start
// asks (the sign-in dialog), remembers the session, and shows the feed; the next start resumes
// the remembered session without asking; a start while the server is away opens the account's
// replica all the same. Signing out goes back to the dialog and forgets the session; another
// account can then sign in; signing out with "remove local data" deletes that account's replica.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include "net/secret_store.h"
#include "server/test_server.h"
#include "store/replica_location.h"
#include "views/main_window.h"
#include "views/settings_dialog.h"
#include "views/sign_in_dialog.h"
#include "views/sign_in_flow.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestSignInFlow final : public QObject {
    Q_OBJECT

private:
    static SignInDialog* openDialog() {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* d = qobject_cast<SignInDialog*>(w); d && d->isVisible()) return d;
        }
        return nullptr;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings and replicas under ~/.qttest
        QCoreApplication::setOrganizationName(QStringLiteral("devcoll-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_sign_in_flow"));
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings().clear();
    }

    void askFirstThenResumeOnlineAndOffline() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("flow_alice");
        server.createPost(alice, "alice's first post");
        const QString address = QString::fromStdString(server.address());
        const ServerAddress where{address.section(QLatin1Char(':'), 0, -2),
                                  static_cast<quint16>(address.section(QLatin1Char(':'), -1).toUInt())};
        MemorySecretStore keychain;

        {
            MainWindow window(where);
            window.show();
            SignInFlow flow(window, where, keychain);
            QSignalSpy signedIn(&flow, &SignInFlow::signedIn);
            flow.start();
            QTRY_VERIFY(openDialog());
            SignInDialog* dialog = openDialog();
            dialog->findChild<QLineEdit*>(QStringLiteral("loginEdit"))->setText(QString::fromStdString(alice.username));
            dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit"))
                ->setText(QString::fromStdString(alice.password));
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("signInButton")), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
            QCOMPARE(signedIn.first().first().toString().toStdString(), alice.id);
            auto* feed = window.findChild<QListView*>(QStringLiteral("feedView"));
            QVERIFY(feed);
            QTRY_COMPARE_WITH_TIMEOUT(feed->model()->rowCount(), 1, 15000);
        }
        bool remembered = false;
        keychain.read(QStringLiteral("refresh-token/") + where.toString(),
                      [&](Result<QString> token) { remembered = token.ok() && !token->isEmpty(); });
        QTRY_VERIFY(remembered);

        {
            // The next start: no question, the feed at once.
            MainWindow window(where);
            window.show();
            SignInFlow flow(window, where, keychain);
            QSignalSpy signedIn(&flow, &SignInFlow::signedIn);
            flow.start();
            QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
            QVERIFY(!openDialog());
            QTRY_COMPARE(window.findChild<QListView*>(QStringLiteral("feedView"))->model()->rowCount(), 1);
        }

        {
            // A start with the server away: the replica all the same, offline.
            server.stop();
            MainWindow window(where);
            window.show();
            SignInFlow flow(window, where, keychain);
            QSignalSpy signedIn(&flow, &SignInFlow::signedIn);
            flow.start();
            QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 30000);
            QVERIFY(!openDialog());
            QTRY_COMPARE(window.findChild<QListView*>(QStringLiteral("feedView"))->model()->rowCount(), 1);
            QVERIFY(server.start());
        }
    }

    void signOutSwitchAccountAndRemoveLocalData() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser alice = server.newUser("switch_alice");
        const TestUser bob = server.newUser("switch_bob");
        const QString address = QString::fromStdString(server.address());
        const ServerAddress where{address.section(QLatin1Char(':'), 0, -2),
                                  static_cast<quint16>(address.section(QLatin1Char(':'), -1).toUInt())};
        MemorySecretStore keychain;
        MainWindow window(where);
        window.show();
        SignInFlow flow(window, where, keychain);
        QSignalSpy signedIn(&flow, &SignInFlow::signedIn);
        const auto signInAs = [&](const TestUser& user) {
            QTRY_VERIFY(openDialog());
            SignInDialog* dialog = openDialog();
            dialog->findChild<QLineEdit*>(QStringLiteral("loginEdit"))->setText(QString::fromStdString(user.username));
            dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit"))
                ->setText(QString::fromStdString(user.password));
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("signInButton")), Qt::LeftButton);
        };
        const auto remembered = [&] {
            std::optional<bool> kept;
            keychain.read(QStringLiteral("refresh-token/") + where.toString(),
                          [&](Result<QString> token) { kept = token.ok() && !token->isEmpty(); });
            return QTest::qWaitFor([&] { return kept.has_value(); }) && *kept;
        };
        flow.start();
        signInAs(alice);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 15000);
        QVERIFY(remembered());
        const QString aliceReplica = *replicaPath(where, QString::fromStdString(alice.id));
        QVERIFY(QFile::exists(aliceReplica));

        // File > Sign Out: back to the sign-in dialog, nothing remembered, the replica kept.
        window.findChild<QAction*>(QStringLiteral("signOutAction"))->trigger();
        QTRY_VERIFY(openDialog());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("serverAddressLabel")));
        QVERIFY(!window.findChild<QListView*>(QStringLiteral("feedView")));
        QVERIFY(!window.findChild<QAction*>(QStringLiteral("newPostAction"))->isEnabled());
        QVERIFY(!remembered());
        QVERIFY(QFile::exists(aliceReplica));

        // Another account signs in: switching accounts.
        signInAs(bob);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 2, 15000);
        QCOMPARE(signedIn.last().first().toString().toStdString(), bob.id);
        QVERIFY(window.findChild<QListView*>(QStringLiteral("feedView")));
        const QString bobReplica = *replicaPath(where, QString::fromStdString(bob.id));
        QVERIFY(QFile::exists(bobReplica));

        // Settings > Sign Out and Remove Local Data, confirmed: bob's replica is gone, alice's stays.
        window.findChild<QAction*>(QStringLiteral("settingsAction"))->trigger();
        SettingsDialog* settings = window.findChild<SettingsDialog*>();
        QVERIFY(settings);
        // The confirmation is modal: answered from a timer while it waits.
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&answer] {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                auto* box = qobject_cast<QMessageBox*>(w);
                if (!box || !box->isVisible() || box->objectName() != QStringLiteral("removeDataConfirmation"))
                    continue;
                for (QAbstractButton* b : box->buttons()) {
                    if (box->buttonRole(b) == QMessageBox::DestructiveRole) {
                        answer.stop();
                        b->click();
                        return;
                    }
                }
            }
        });
        answer.start(10);
        QTest::mouseClick(settings->findChild<QPushButton*>(QStringLiteral("removeDataButton")), Qt::LeftButton);
        QTRY_VERIFY(openDialog());
        QTRY_VERIFY(!QFile::exists(bobReplica));
        QVERIFY(QFile::exists(aliceReplica));
        QVERIFY(!window.findChild<SettingsDialog*>());
    }
};

QTEST_MAIN(TestSignInFlow)
#include "tst_sign_in_flow.moc"
