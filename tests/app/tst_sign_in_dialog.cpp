// Signing in through the dialog, offscreen, against a real devcoll-server: typing and clicking
// as a person would; the button only works with both fields filled; a wrong password is said in
// words and the dialog stays open for another try; the right one signs in and closes it.
// Registering checks the form as it is typed, says when a name is taken, and signs in.
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "server/test_server.h"
#include "views/sign_in_dialog.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestSignInDialog final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    static ServerAddress addressOf(const TestServer& server) {
        const QString address = QString::fromStdString(server.address());
        return ServerAddress{address.section(QLatin1Char(':'), 0, -2),
                             static_cast<quint16>(address.section(QLatin1Char(':'), -1).toUInt())};
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void aWrongPasswordIsSaidAndTheRightOneSignsIn() {
        const TestUser alice = m_server->newUser("dialog_alice");
        AuthSession session(m_server->channel());
        SignInDialog dialog(session, addressOf(*m_server));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* login = dialog.findChild<QLineEdit*>(QStringLiteral("loginEdit"));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        auto* signIn = dialog.findChild<QPushButton*>(QStringLiteral("signInButton"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(login && password && signIn && error);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QVERIFY(!login->accessibleName().isEmpty());

        QVERIFY(!signIn->isEnabled());
        QTest::keyClicks(login, QString::fromStdString(alice.username));
        QVERIFY(!signIn->isEnabled());  // a password too
        QTest::keyClicks(password, QStringLiteral("not-her-password"));
        QVERIFY(signIn->isEnabled());
        QTest::mouseClick(signIn, Qt::LeftButton);
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("password is wrong")), qPrintable(error->text()));
        QVERIFY(dialog.isVisible());
        QVERIFY(password->text().isEmpty());  // cleared for another try, the name kept
        QCOMPARE(login->text(), QString::fromStdString(alice.username));
        QVERIFY(!session.signedIn());

        QTest::keyClicks(password, QString::fromStdString(alice.password));
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.account().userId.toStdString(), alice.id);
        QVERIFY(session.signedIn());
    }

    void registeringChecksAsYouTypeThenSignsIn() {
        const TestUser taken = m_server->newUser("dialog_taken");
        AuthSession session(m_server->channel());
        SignInDialog dialog(session, addressOf(*m_server));
        dialog.show();
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("switchModeButton")), Qt::LeftButton);
        QVERIFY(dialog.registering());
        auto* username = dialog.findChild<QLineEdit*>(QStringLiteral("newUsernameEdit"));
        auto* email = dialog.findChild<QLineEdit*>(QStringLiteral("newEmailEdit"));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("newPasswordEdit"));
        auto* again = dialog.findChild<QLineEdit*>(QStringLiteral("newPasswordAgainEdit"));
        auto* hint = dialog.findChild<QLabel*>(QStringLiteral("registrationHint"));
        auto* create = dialog.findChild<QPushButton*>(QStringLiteral("signInButton"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QVERIFY(username && email && password && again && hint && create && error);
        QCOMPARE(create->text(), QStringLiteral("&Create account"));
        QVERIFY(!create->isEnabled());

        // Each problem is named as it is typed, before anything goes to the server.
        QTest::keyClicks(username, QStringLiteral("no"));
        QTest::keyClicks(email, QStringLiteral("not-an-address"));
        QTest::keyClicks(password, QStringLiteral("short"));
        QVERIFY2(hint->text().contains(QStringLiteral("user name")), qPrintable(hint->text()));
        QTest::keyClicks(username, QStringLiteral("va_new"));
        QVERIFY2(hint->text().contains(QStringLiteral("e-mail")), qPrintable(hint->text()));
        email->setText(QStringLiteral("nova@example.org"));
        QVERIFY2(hint->text().contains(QStringLiteral("at least 8")), qPrintable(hint->text()));
        QTest::keyClicks(password, QStringLiteral("-enough"));
        QVERIFY2(hint->text().contains(QStringLiteral("differ")), qPrintable(hint->text()));
        QVERIFY(!create->isEnabled());
        QTest::keyClicks(again, QStringLiteral("short-enough"));
        QVERIFY(hint->isHidden());
        QVERIFY(create->isEnabled());

        // A name in use: the server's refusal, in words, and the dialog stays.
        username->setText(QString::fromStdString(taken.username));
        QTest::mouseClick(create, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 15000);
        QVERIFY2(error->text().startsWith(QStringLiteral("The server says:")), qPrintable(error->text()));
        QVERIFY(dialog.isVisible());
        QVERIFY(!session.signedIn());

        username->setText(QStringLiteral("nova_new"));
        QTest::mouseClick(create, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 15000);
        QCOMPARE(dialog.account().username, QStringLiteral("nova_new"));
        QVERIFY(!dialog.account().userId.isEmpty());
        QVERIFY(session.signedIn());
        QVERIFY(!session.accessToken().empty());
    }

    void anUnreachableServerIsSaidSo() {
        const ServerAddress address = addressOf(*m_server);
        m_server->stop();
        AuthSession session(m_server->channel());
        SignInDialog dialog(session, address);
        dialog.show();
        dialog.findChild<QLineEdit*>(QStringLiteral("loginEdit"))->setText(QStringLiteral("someone"));
        dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))->setText(QStringLiteral("secret-secret"));
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("signInButton")), Qt::LeftButton);
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 30000);
        QVERIFY2(error->text().contains(QStringLiteral("cannot be reached")), qPrintable(error->text()));
        QVERIFY(error->text().contains(address.toString()));
        QVERIFY(m_server->start());
    }
};

QTEST_MAIN(TestSignInDialog)
#include "tst_sign_in_dialog.moc"
