// Signing in through the dialog, offscreen, against a real devcoll-server: typing and clicking
// as a person would; the button only works with both fields filled; a wrong password is said in
// words and the dialog stays open for another try; the right one signs in and closes it.
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
