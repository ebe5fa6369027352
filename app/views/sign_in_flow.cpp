#include "views/sign_in_flow.h"

#include <QMessageBox>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

#include "store/replica_location.h"
#include "views/main_window.h"
#include "views/sign_in_dialog.h"

namespace devcoll::app {
namespace {

// After a long time offline the channel would otherwise wait up to two minutes between its
// attempts to reconnect.
constexpr int kMaxReconnectBackoffMs = 10'000;

std::shared_ptr<grpc::Channel> channelTo(const ServerAddress& server) {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
    return grpc::CreateCustomChannel(server.toString().toStdString(), grpc::InsecureChannelCredentials(), arguments);
}

}  // namespace

SignInFlow::SignInFlow(MainWindow& window, ServerAddress server, SecretStore& secrets, QObject* parent)
    : QObject(parent),
      m_window(window),
      m_server(std::move(server)),
      m_secrets(secrets),
      m_channel(channelTo(m_server)),
      m_session(m_channel) {
    connect(&m_session, &AuthSession::refreshTokenChanged, this, [this](const QString& token) {
        m_secrets.write(secretKey(), token, [](Status written) {
            if (!written.ok()) qWarning("the session cannot be remembered: %s", written.error().message.c_str());
        });
    });
    connect(&m_session, &AuthSession::signedOut, this, &SignInFlow::ask);
    connect(&m_window, &MainWindow::signOutRequested, this, &SignInFlow::signOut);
    connect(&m_signingOut, &QFutureWatcherBase::finished, this, &SignInFlow::ask);
}

SignInFlow::~SignInFlow() {
    // The window's pages read the replica: they go first. The replica's sync asks the session
    // for tokens: it stops before the session goes.
    if (m_account) m_window.showSignedOut();
    m_account.reset();
    m_signingOut.waitForFinished();
}

void SignInFlow::signOut(bool removeLocalData) {
    if (!m_account || m_signingOut.isRunning()) return;
    const QString accountId = m_account->accountId();
    m_window.showSignedOut();
    m_account.reset();  // its sync stops, its store closes
    QSettings().remove(accountKey());
    m_secrets.write(secretKey(), QString(), [](Status forgotten) {
        if (!forgotten.ok()) qWarning("the remembered session stays: %s", forgotten.error().message.c_str());
    });
    if (removeLocalData) {
        if (const Status removed = removeReplica(m_server, accountId); !removed.ok()) {
            QMessageBox::warning(&m_window, tr("devcoll"),
                                 tr("This account's data could not be removed from this computer: %1")
                                     .arg(QString::fromStdString(removed.error().message)));
        }
    }
    // Logging out on the server is a network call (best effort when offline): off the GUI
    // thread; the sign-in dialog comes when it is done.
    AuthSession* session = &m_session;
    m_signingOut.setFuture(QtConcurrent::run([session] { session->signOut(); }));
}

QString SignInFlow::secretKey() const { return QStringLiteral("refresh-token/") + m_server.toString(); }
QString SignInFlow::accountKey() const {
    return QStringLiteral("accounts/") + m_server.toString() + QStringLiteral("/user-id");
}

void SignInFlow::start() {
    m_secrets.read(secretKey(), [this](Result<QString> token) {
        if (!token.ok() || token->isEmpty()) {
            ask();
            return;
        }
        const QString remembered = QSettings().value(accountKey()).toString();
        connect(
            &m_resume, &QFutureWatcherBase::finished, this,
            [this, remembered] { resumed(m_resume.result(), remembered); }, Qt::SingleShotConnection);
        AuthSession* session = &m_session;
        m_resume.setFuture(QtConcurrent::run([session, t = *token] { return session->resume(t); }));
    });
}

void SignInFlow::resumed(const Result<Account>& result, const QString& rememberedId) {
    if (result.ok()) {
        open(result->userId);
        return;
    }
    const bool offline =
        result.error().code == ErrorCode::Unavailable || result.error().code == ErrorCode::DeadlineExceeded;
    if (offline && !rememberedId.isEmpty() && m_session.signedIn()) {
        open(rememberedId);  // works from the replica; the session refreshes once the server answers
        return;
    }
    ask();
}

void SignInFlow::ask() {
    if (m_asking) return;
    m_asking = true;
    auto* dialog = new SignInDialog(m_session, m_server, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        m_asking = false;
        if (result == QDialog::Accepted) open(dialog->account().userId);
    });
    dialog->open();
}

void SignInFlow::open(const QString& accountId) {
    if (m_account && m_account->accountId() == accountId) return;  // signed in again to the same account
    QSettings().setValue(accountKey(), accountId);
    AuthSession* session = &m_session;
    auto opened = AccountReplica::open(
        m_server, accountId, m_channel, [session] { return session->accessToken(); }, &m_network);
    if (!opened.ok()) {
        QMessageBox::warning(
            &m_window, tr("devcoll"),
            tr("Your data on this computer cannot be opened: %1").arg(QString::fromStdString(opened.error().message)));
        return;
    }
    // The window lets go of the account shown before (its view and model) before it closes.
    m_window.showAccount(**opened);
    m_account = std::move(*opened);
    connect(&m_account->sync(), &SyncEngine::signedOut, this, &SignInFlow::ask);
    emit signedIn(accountId);
}

}  // namespace devcoll::app
