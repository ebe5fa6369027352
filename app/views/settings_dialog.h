#pragma once
// SettingsDialog (File > Settings..., Ctrl+,): what a user sets up once and looks at rarely.
// - Account: sign out (and with it switch to another account), or sign out and remove this
//   account's data from this computer.
// - Sessions: every device signed in to the account, with where and when it was last used;
//   another device's session can be revoked (its tokens stop working at once).
// - Server: the address devcoll connects to at its next start.
// - Language: the system's, English or German, from the next start.
// - Notifications: for each kind, off, in the app, or in the app and on the desktop.
// Sign-out and revoking act at once; the server, the language and the notification settings
// are saved with OK (the notification settings reach the server when it can be reached).
#include <QDialog>
#include <QFutureWatcher>

#include <map>

#include "devcoll/result.h"
#include "net/server_sessions.h"
#include "server_address.h"
#include "sync/account_replica.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace devcoll::app {

// The setting that names the interface's language ("de", "en"); empty or missing: the system's.
inline constexpr char kLanguageSettingsKey[] = "ui/language";

class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(AccountReplica& replica, const ServerAddress& server, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // Asks the server for the sessions again (the Sessions tab does when shown).
    void reloadSessions();

signals:
    // The user signed out; `removeLocalData` when this account's replica is to go as well.
    void signOutRequested(bool removeLocalData);

public slots:
    void accept() override;

private:
    QWidget* createAccountTab();
    QWidget* createSessionsTab();
    QWidget* createServerTab();
    QWidget* createLanguageTab();
    QWidget* createNotificationsTab();
    // The notification settings as the replica has them, into the tab's choices.
    void showNotificationSettings(const std::map<int, int>& deliveries);
    void showSessions(const Result<QList<SessionRow>>& sessions);
    void revokeSelected();
    void signOut(bool removeLocalData);
    void updateRevokeButton();

    AccountReplica& m_replica;
    ServerAddress m_server;
    QTabWidget* m_tabs = nullptr;
    QTreeWidget* m_sessionList = nullptr;
    QLabel* m_sessionsStatus = nullptr;
    QPushButton* m_revokeButton = nullptr;
    QLineEdit* m_serverEdit = nullptr;
    QLabel* m_serverError = nullptr;
    QComboBox* m_languageCombo = nullptr;
    std::map<int, QComboBox*> m_deliveryCombos;  // by devcoll.notification.v1.NotificationKind
    std::map<int, int> m_deliveriesShown;        // as read from the replica
    QFutureWatcher<Result<QList<SessionRow>>> m_sessionsCall;
    QFutureWatcher<Status> m_revokeCall;
};

}  // namespace devcoll::app
