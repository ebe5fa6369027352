#include "views/sign_in_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "views/error_text.h"

namespace devcoll::app {

SignInDialog::SignInDialog(AuthSession& session, ServerAddress server, QWidget* parent)
    : QDialog(parent), m_session(session), m_server(std::move(server)) {
    setWindowTitle(tr("Sign in to devcoll"));

    auto* intro = new QLabel(this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    //: %1 is the server's address, host:port.
    intro->setText(tr("Sign in to the devcoll server at %1.").arg(m_server.toString()));

    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("loginEdit"));
    m_login->setAccessibleName(tr("User name or e-mail"));
    m_login->setMaxLength(254);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaxLength(1024);
    m_remember = new QCheckBox(tr("&Remember me on this computer"), this);
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setToolTip(tr("Keeps the session in the system's keychain, so that devcoll signs you in at start."));
    m_remember->setChecked(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&User name or e-mail:"), m_login);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setAccessibleName(tr("Sign-in error"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* signIn = m_buttons->button(QDialogButtonBox::Ok);
    signIn->setObjectName(QStringLiteral("signInButton"));
    signIn->setText(tr("&Sign in"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_login, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_call, &QFutureWatcherBase::finished, this, [this] { signedIn(m_call.result()); });
    updateButton();
}

void SignInDialog::updateButton() {
    const bool busy = m_call.isRunning();
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!busy && !m_login->text().trimmed().isEmpty() && !m_password->text().isEmpty());
    m_login->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_remember->setEnabled(!busy);
}

void SignInDialog::submit() {
    if (m_call.isRunning()) return;
    m_error->hide();
    const QString login = m_login->text().trimmed();
    const QString password = m_password->text();
    const bool remember = m_remember->isChecked();
    //: How this computer is named in the list of the account's sessions. %1 is its host name.
    const QString device = tr("devcoll on %1").arg(QSysInfo::machineHostName());
    AuthSession* session = &m_session;
    m_call.setFuture(QtConcurrent::run(
        [session, login, password, device, remember] { return session->signIn(login, password, device, remember); }));
    updateButton();
}

void SignInDialog::signedIn(const Result<Account>& result) {
    updateButton();
    if (result.ok()) {
        m_account = *result;
        accept();
        return;
    }
    m_error->setText(errorText(result.error(), m_server));
    m_error->show();
    m_password->clear();
    m_password->setFocus();
}

}  // namespace devcoll::app
