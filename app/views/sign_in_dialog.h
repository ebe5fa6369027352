#pragma once
// SignInDialog: signing in to a devcoll server with a user name (or e-mail) and password, or
// creating an account there (user name, e-mail, display name, password twice), with "remember
// me" (the session's refresh token kept in the OS keychain). What can be checked here is
// checked as the user types, with the server's own rules (shared/devcoll/validation.h); the
// call runs off the GUI thread, the form disabled meanwhile, and a failure is shown in words
// under it, the form kept as typed (but for the password) to try again.
#include <QDialog>
#include <QFutureWatcher>

#include "devcoll/result.h"
#include "net/auth_session.h"
#include "server_address.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace devcoll::app {

class SignInDialog final : public QDialog {
    Q_OBJECT

public:
    SignInDialog(AuthSession& session, ServerAddress server, QWidget* parent = nullptr);

    // Who signed in (or registered), once the dialog was accepted.
    const Account& account() const { return m_account; }
    // Whether the dialog shows the registration form.
    bool registering() const;
    void setRegistering(bool on);

private:
    QWidget* buildSignInForm();
    QWidget* buildRegisterForm();
    QLineEdit* addLine(const QString& objectName, const QString& accessibleName, int maxLength, bool secret = false);
    // What keeps the registration form from being sent, in words; empty when it may go.
    QString registrationProblem() const;
    void updateButton();
    void submit();
    void signedIn(const Result<Account>& result);

    AuthSession& m_session;
    const ServerAddress m_server;
    Account m_account;
    QStackedWidget* m_forms = nullptr;
    QLineEdit* m_login = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_newUsername = nullptr;
    QLineEdit* m_newEmail = nullptr;
    QLineEdit* m_newDisplayName = nullptr;
    QLineEdit* m_newPassword = nullptr;
    QLineEdit* m_newPasswordAgain = nullptr;
    QLabel* m_hint = nullptr;
    QCheckBox* m_remember = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_switchMode = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QFutureWatcher<Result<Account>> m_call;
};

}  // namespace devcoll::app
