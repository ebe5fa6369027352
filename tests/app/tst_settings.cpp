// The settings dialog, offscreen, against a real devcoll-server: the Sessions tab lists every
// device signed in to the account with this one marked, and revoking another device's session
// signs it out on the server at once; the server address is checked before it is saved, and the
// language is kept for the next start.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include "server/test_server.h"
#include "sync/account_replica.h"
#include "views/settings_dialog.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

// A second device signs in to the same account.
std::optional<auth::v1::LoginResponse> signInElsewhere(TestServer& server, const TestUser& user,
                                                       const std::string& device) {
    auth::v1::LoginRequest request;
    request.set_login(user.username);
    request.set_password(user.password);
    request.set_device_name(device);
    auth::v1::LoginResponse response;
    if (!server.auth().Login(TestServer::anonymous().get(), request, &response).ok()) return std::nullopt;
    return response;
}

}  // namespace

class TestSettings final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("devcoll-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_settings"));
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings().clear();
    }

    void sessionsListAndRevoke() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser me = server.newUser("settings_me");
        const auto laptop = signInElsewhere(server, me, "Old laptop");
        QVERIFY(laptop);
        const ServerAddress address{QStringLiteral("127.0.0.1"), 5};
        const std::string token = me.accessToken;
        auto replica =
            AccountReplica::open(address, QString::fromStdString(me.id), server.channel(), [token] { return token; });
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());

        SettingsDialog dialog(**replica, address);
        dialog.show();
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("settingsTabs"));
        auto* list = dialog.findChild<QTreeWidget*>(QStringLiteral("sessionList"));
        auto* revoke = dialog.findChild<QPushButton*>(QStringLiteral("revokeButton"));
        QVERIFY(tabs && list && revoke);
        tabs->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("sessionsTab")));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 10'000);

        QTreeWidgetItem* mine = nullptr;
        QTreeWidgetItem* other = nullptr;
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = list->topLevelItem(i);
            (item->text(0).contains(QStringLiteral("(this device)")) ? mine : other) = item;
        }
        QVERIFY2(mine && other, "one session is this device's, the other the laptop's");
        QCOMPARE(other->text(0), QStringLiteral("Old laptop"));
        QVERIFY2(!(mine->flags() & Qt::ItemIsSelectable), "this device signs out from the Account tab");
        QVERIFY(!revoke->isEnabled());
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("sessionsStatus"))->text(),
                 QStringLiteral("Devices signed in: 2"));

        list->setFocus();
        other->setSelected(true);
        QVERIFY(revoke->isEnabled());
        QTest::mouseClick(revoke, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 10'000);
        QVERIFY(list->topLevelItem(0)->text(0).contains(QStringLiteral("(this device)")));

        // The laptop's session is gone on the server: its refresh token no longer works.
        auth::v1::RefreshTokenRequest refresh;
        refresh.set_refresh_token(laptop->refresh_token());
        auth::v1::RefreshTokenResponse refreshed;
        QCOMPARE(server.auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed).error_code(),
                 grpc::StatusCode::UNAUTHENTICATED);
    }

    void serverAddressIsCheckedAndLanguageKept() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser me = server.newUser("settings_saved");
        const ServerAddress address{QStringLiteral("127.0.0.1"), 5};
        const std::string token = me.accessToken;
        auto replica =
            AccountReplica::open(address, QString::fromStdString(me.id), server.channel(), [token] { return token; });
        QVERIFY(replica.ok());
        QSettings().remove(QLatin1String(kServerSettingsKey));

        SettingsDialog dialog(**replica, address);
        dialog.show();
        auto* edit = dialog.findChild<QLineEdit*>(QStringLiteral("serverEdit"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("serverError"));
        auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageCombo"));
        QVERIFY(edit && error && language);
        QCOMPARE(edit->text(), address.toString());

        edit->setText(QStringLiteral("no port here"));
        dialog.accept();
        QVERIFY2(dialog.isVisible(), "a wrong address keeps the dialog open");
        QVERIFY(!error->text().isEmpty());
        QVERIFY(!QSettings().contains(QLatin1String(kServerSettingsKey)));

        edit->setText(QStringLiteral(" devcoll.example.org:443 "));
        language->setCurrentIndex(language->findData(QStringLiteral("de")));
        dialog.accept();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(QSettings().value(QLatin1String(kServerSettingsKey)).toString(),
                 QStringLiteral("devcoll.example.org:443"));
        QCOMPARE(QSettings().value(QLatin1String(kLanguageSettingsKey)).toString(), QStringLiteral("de"));

        // The system's language again: the setting goes.
        SettingsDialog again(**replica, address);
        auto* language2 = again.findChild<QComboBox*>(QStringLiteral("languageCombo"));
        QCOMPARE(language2->currentData().toString(), QStringLiteral("de"));
        language2->setCurrentIndex(0);
        again.accept();
        QVERIFY(!QSettings().contains(QLatin1String(kLanguageSettingsKey)));
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
