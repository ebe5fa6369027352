#pragma once
// SignInDialog: signing in to a devcoll server with a user name (or e-mail) and password, with
// "remember me" (the session's refresh token kept in the OS keychain). The call runs off the
// GUI thread; while it runs the form is disabled, and a failure is shown in words under it,
// the form kept as typed (but for the password) to try again.
#include <QDialog>
#include <QFutureWatcher>

#include "devcoll/result.h"
#include "net/auth_session.h"
#include "server_address.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace devcoll::app {

class SignInDialog final : public QDialog {
    Q_OBJECT

public:
    SignInDialog(AuthSession& session, ServerAddress server, QWidget* parent = nullptr);

    // Who signed in, once the dialog was accepted.
    const Account& account() const { return m_account; }

private:
    void updateButton();
    void submit();
    void signedIn(const Result<Account>& result);

    AuthSession& m_session;
    const ServerAddress m_server;
    Account m_account;
    QLineEdit* m_login = nullptr;
    QLineEdit* m_password = nullptr;
    QCheckBox* m_remember = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QFutureWatcher<Result<Account>> m_call;
};

}  // namespace devcoll::app
