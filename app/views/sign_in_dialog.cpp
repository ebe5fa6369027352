#include "views/sign_in_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QSysInfo>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "devcoll/validation.h"
#include "views/error_text.h"

namespace devcoll::app {

namespace {

// As the server checks them (server/auth).
constexpr int kMinPassword = 8;
constexpr int kMaxPassword = 128;
constexpr int kMaxDisplayName = 64;
constexpr int kMaxEmail = 254;
constexpr int kMaxUsername = 30;

}  // namespace

SignInDialog::SignInDialog(AuthSession& session, ServerAddress server, QWidget* parent)
    : QDialog(parent), m_session(session), m_server(std::move(server)) {
    setWindowTitle(tr("Sign in to devcoll"));

    auto* intro = new QLabel(this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    //: %1 is the server's address, host:port.
    intro->setText(tr("Sign in to the devcoll server at %1, or create an account there.").arg(m_server.toString()));

    m_forms = new QStackedWidget(this);
    m_forms->addWidget(buildSignInForm());
    m_forms->addWidget(buildRegisterForm());

    m_remember = new QCheckBox(tr("&Remember me on this computer"), this);
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setToolTip(tr("Keeps the session in the system's keychain, so that devcoll signs you in at start."));
    m_remember->setChecked(true);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setAccessibleName(tr("Sign-in error"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("signInButton"));
    m_switchMode = m_buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_switchMode->setObjectName(QStringLiteral("switchModeButton"));
    connect(m_switchMode, &QPushButton::clicked, this, [this] { setRegistering(!registering()); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_forms);
    layout->addWidget(m_remember);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_call, &QFutureWatcherBase::finished, this, [this] { signedIn(m_call.result()); });
    setRegistering(false);
}

QLineEdit* SignInDialog::addLine(const QString& objectName, const QString& accessibleName, int maxLength, bool secret) {
    auto* line = new QLineEdit(this);
    line->setObjectName(objectName);
    line->setAccessibleName(accessibleName);
    line->setMaxLength(maxLength);
    if (secret) line->setEchoMode(QLineEdit::Password);
    connect(line, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    return line;
}

QWidget* SignInDialog::buildSignInForm() {
    auto* page = new QWidget(this);
    m_login = addLine(QStringLiteral("loginEdit"), tr("User name or e-mail"), kMaxEmail);
    m_password = addLine(QStringLiteral("passwordEdit"), tr("Password"), 1024, true);
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&User name or e-mail:"), m_login);
    form->addRow(tr("&Password:"), m_password);
    return page;
}

QWidget* SignInDialog::buildRegisterForm() {
    auto* page = new QWidget(this);
    m_newUsername = addLine(QStringLiteral("newUsernameEdit"), tr("User name"), kMaxUsername);
    m_newUsername->setPlaceholderText(tr("3-30 letters, digits or _"));
    m_newEmail = addLine(QStringLiteral("newEmailEdit"), tr("E-mail address"), kMaxEmail);
    m_newDisplayName = addLine(QStringLiteral("newDisplayNameEdit"), tr("Display name"), kMaxDisplayName);
    m_newDisplayName->setPlaceholderText(tr("Optional: how others see your name"));
    m_newPassword = addLine(QStringLiteral("newPasswordEdit"), tr("New password"), kMaxPassword, true);
    m_newPassword->setPlaceholderText(tr("At least 8 characters"));
    m_newPasswordAgain = addLine(QStringLiteral("newPasswordAgainEdit"), tr("New password again"), kMaxPassword, true);
    m_hint = new QLabel(page);
    m_hint->setObjectName(QStringLiteral("registrationHint"));
    m_hint->setAccessibleName(tr("What is missing"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("User &name:"), m_newUsername);
    form->addRow(tr("&E-mail:"), m_newEmail);
    form->addRow(tr("&Display name:"), m_newDisplayName);
    form->addRow(tr("Pass&word:"), m_newPassword);
    form->addRow(tr("Repea&t password:"), m_newPasswordAgain);
    form->addRow(QString(), m_hint);
    return page;
}

bool SignInDialog::registering() const { return m_forms->currentIndex() == 1; }

void SignInDialog::setRegistering(bool on) {
    m_forms->setCurrentIndex(on ? 1 : 0);
    setWindowTitle(on ? tr("Create a devcoll account") : tr("Sign in to devcoll"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(on ? tr("&Create account") : tr("&Sign in"));
    m_switchMode->setText(on ? tr("I &have an account") : tr("Create an &account..."));
    m_error->hide();
    (on ? m_newUsername : m_login)->setFocus();
    updateButton();
}

QString SignInDialog::registrationProblem() const {
    const QString username = m_newUsername->text().trimmed();
    const QString email = m_newEmail->text().trimmed();
    if (username.isEmpty() || email.isEmpty() || m_newPassword->text().isEmpty()) {
        return tr("Fill in a user name, an e-mail address and a password.");
    }
    if (!checkUsername("username", username.toStdString()).ok()) {
        return tr("A user name has 3 to 30 letters (a-z), digits or underscores.");
    }
    if (!checkEmail("email", email.toStdString()).ok()) return tr("This does not look like an e-mail address.");
    const int length = int(m_newPassword->text().toUcs4().size());
    if (length < kMinPassword) return tr("The password needs at least %1 characters.").arg(kMinPassword);
    if (m_newPassword->text() != m_newPasswordAgain->text()) return tr("The two passwords differ.");
    return {};
}

void SignInDialog::updateButton() {
    const bool busy = m_call.isRunning();
    bool ready = false;
    if (registering()) {
        const QString problem = registrationProblem();
        m_hint->setText(problem);
        m_hint->setVisible(!problem.isEmpty());
        ready = problem.isEmpty();
    } else {
        ready = !m_login->text().trimmed().isEmpty() && !m_password->text().isEmpty();
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy && ready);
    m_forms->setEnabled(!busy);
    m_remember->setEnabled(!busy);
    m_switchMode->setEnabled(!busy);
}

void SignInDialog::submit() {
    if (m_call.isRunning()) return;
    m_error->hide();
    const bool remember = m_remember->isChecked();
    //: How this computer is named in the list of the account's sessions. %1 is its host name.
    const QString device = tr("devcoll on %1").arg(QSysInfo::machineHostName());
    AuthSession* session = &m_session;
    if (registering()) {
        if (!registrationProblem().isEmpty()) return;
        const QString username = m_newUsername->text().trimmed().toLower();
        const QString email = m_newEmail->text().trimmed();
        const QString displayName = m_newDisplayName->text().trimmed();
        const QString password = m_newPassword->text();
        m_call.setFuture(QtConcurrent::run(
            [=] { return session->registerAccount(username, email, password, displayName, device, remember); }));
    } else {
        const QString login = m_login->text().trimmed();
        const QString password = m_password->text();
        m_call.setFuture(QtConcurrent::run([=] { return session->signIn(login, password, device, remember); }));
    }
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
    if (registering()) {
        // The name or address may be taken: the passwords stay, they were fine.
        m_newUsername->setFocus();
        return;
    }
    m_password->clear();
    m_password->setFocus();
}

}  // namespace devcoll::app
