#pragma once
// MainWindow: the app's top-level window. Before sign-in it says which server the app talks to;
// signed in, it shows the account's home feed from the replica, and the sync status below.
#include "server_address.h"
#include "sync/account_replica.h"
#include "views/feed_model.h"
#include "views/status_text.h"
#include "views/user_actions.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace devcoll::app {

class ActionIssuesDialog;
class DesktopNotifier;
class NotificationsPage;
class SettingsDialog;
class ThumbnailCache;

class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const ServerAddress& server, QWidget* parent = nullptr);

    // How many notifications are shown one by one on the desktop when several arrive at once
    // (the rest as one count).
    static constexpr int kDesktopNotificationsAtOnce = 3;
    DesktopNotifier* desktopNotifier() const { return m_notifier; }

    const ServerAddress& serverAddress() const { return m_server; }

    // Shows the account's home feed from its replica and follows its sync in the status bar.
    // The replica outlives the window's use of it (the owner keeps it until the window goes or
    // the next showAccount()).
    void showAccount(AccountReplica& replica);
    // Back to the state before sign-in: the account's pages go (before its replica does).
    void showSignedOut();

signals:
    // File > Sign Out, or the settings' sign-out buttons.
    void signOutRequested(bool removeLocalData);

private:
    void showSyncStatus(const SyncStatus& status);
    void showUploadProgress(const QString& mediaId, qint64 sent, qint64 total);
    // Ctrl+N: the composer, saving to the replica (also offline).
    void newPost();

    // Navigation: the feed and search pages stay; a post or profile page is made when opened
    // and goes when the user goes back from it.
    void showPage(QWidget* page);
    void back();
    void showFeed();
    void showSearch();
    void showModeration();
    void showNotifications();
    // The unread count on the badge, and the desktop told of what arrived since it last was.
    void updateNotifications();
    // A desktop notification was clicked: "post:<id>", "user:<id>" or "notifications".
    void openTarget(const QString& target);
    // Shows the moderation queue's menu item to moderators and admins: at once from the roles
    // the replica kept, then from the account's current access token.
    void checkModerator(AccountReplica& replica);
    void openPost(const QString& postId);
    void openProfile(const QString& userId);
    // A mention was clicked: the profile of the account called `username`, from the replica or
    // else the server.
    void openProfileNamed(const QString& username);
    void replicaChanged();
    void reloadShown();
    // The changes the server did not take: conflicts and refusals, for the user to answer.
    void showActionIssues();
    // F5: both halves of the sync try at once, and the feed is read again.
    void refresh();

    // File > Settings...: the account, its sessions, the server and the language.
    void showSettings();
    void showServerLabel();
    // The actions that need a signed-in account (the post menu and Back are handled apart).
    void setAccountActionsEnabled(bool enabled);
    void createMenus();
    void showAbout();

    ServerAddress m_server;
    QLabel* m_serverLabel = nullptr;
    StatusText* m_connectionLabel = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QProgressBar* m_uploadBar = nullptr;
    QStackedWidget* m_pages = nullptr;
    FeedModel* m_feed = nullptr;
    UserActions* m_actions = nullptr;        // the shown account's
    ThumbnailCache* m_thumbnails = nullptr;  // the shown account's
    SyncEngine* m_sync = nullptr;            // the shown account's
    QAction* m_refreshAction = nullptr;
    QAction* m_newPostAction = nullptr;
    QMenu* m_postMenu = nullptr;
    QAction* m_backAction = nullptr;
    QAction* m_issuesAction = nullptr;
    QToolButton* m_issuesButton = nullptr;
    ActionIssuesDialog* m_issuesDialog = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;  // deletes itself on close
    QAction* m_settingsAction = nullptr;
    QAction* m_signOutAction = nullptr;
    QAction* m_homeAction = nullptr;
    QAction* m_searchAction = nullptr;
    QAction* m_myProfileAction = nullptr;
    QAction* m_moderationAction = nullptr;
    QWidget* m_moderationPage = nullptr;  // made when first shown
    QAction* m_notificationsAction = nullptr;
    QToolButton* m_notificationsButton = nullptr;
    NotificationsPage* m_notificationsPage = nullptr;  // made when first shown
    DesktopNotifier* m_notifier = nullptr;
    QWidget* m_feedPage = nullptr;
    QWidget* m_searchPage = nullptr;
    QList<QWidget*> m_history;  // pages to go back to
    AccountReplica* m_replica = nullptr;
};

}  // namespace devcoll::app
