#pragma once
// SignInFlow: from the app's start to a signed-in window. With a remembered session (the
// refresh token in the OS keychain, the account in the settings) it resumes it, also offline,
// working from the account's replica until the server answers; otherwise, or when the server
// refuses the session, it asks with SignInDialog. Signed in, it opens the account's replica,
// starts its sync and hands it to the window.
#include <grpcpp/grpcpp.h>

#include <QFutureWatcher>
#include <QObject>

#include <memory>

#include "net/auth_session.h"
#include "net/network_watch.h"
#include "net/secret_store.h"
#include "server_address.h"
#include "sync/account_replica.h"

namespace devcoll::app {

class MainWindow;

class SignInFlow final : public QObject {
    Q_OBJECT

public:
    SignInFlow(MainWindow& window, ServerAddress server, SecretStore& secrets, QObject* parent = nullptr);
    ~SignInFlow() override;

    void start();
    // Ends the session here and on the server, forgets the remembered one, lets go of the
    // replica (and deletes it when `removeLocalData`), and asks for a sign-in: the same account
    // again, or another one (switching accounts).
    void signOut(bool removeLocalData);
    // The signed-in account's replica; nullptr before.
    AccountReplica* account() const { return m_account.get(); }

signals:
    // The window shows `accountId`'s feed.
    void signedIn(const QString& accountId);

private:
    void resumed(const Result<Account>& result, const QString& rememberedId);
    void ask();
    void open(const QString& accountId);
    QString secretKey() const;
    QString accountKey() const;

    MainWindow& m_window;
    const ServerAddress m_server;
    SecretStore& m_secrets;
    std::shared_ptr<grpc::Channel> m_channel;
    AuthSession m_session;
    NetworkWatch m_network;
    std::unique_ptr<AccountReplica> m_account;
    QFutureWatcher<Result<Account>> m_resume;
    QFutureWatcher<void> m_signingOut;
    bool m_asking = false;
};

}  // namespace devcoll::app
