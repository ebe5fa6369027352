#include "views/main_window.h"

#include <QAction>
#include <QApplication>
#include <QFutureWatcher>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

#include "net/moderation_reports.h"
#include "net/server_profiles.h"
#include "store/replica_notifications.h"
#include "store/replica_state.h"
#include "views/action_issues_dialog.h"
#include "views/composer_dialog.h"
#include "views/desktop_notifier.h"
#include "views/moderation_page.h"
#include "views/notification_text.h"
#include "views/notifications_page.h"
#include "views/post_list_view.h"
#include "views/post_page.h"
#include "views/profile_page.h"
#include "views/search_page.h"
#include "views/settings_dialog.h"
#include "views/sync_status_text.h"

namespace devcoll::app {

namespace {

constexpr int kInitialWidth = 720;
constexpr int kInitialHeight = 480;
constexpr int kLabelMargin = 24;
constexpr int kMessageTimeoutMs = 10'000;

}  // namespace

MainWindow::MainWindow(const ServerAddress& server, QWidget* parent) : QMainWindow(parent), m_server(server) {
    //: The window title: the application's name.
    setWindowTitle(tr("devcoll"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/devcoll.svg")));

    showServerLabel();

    // A permanent widget rather than showMessage(): menu status tips would wipe a temporary message.
    // Its text changes many times a second while syncing: StatusText repaints where a QLabel
    // would lay out the whole window again, and the feed's rows with it.
    m_connectionLabel = new StatusText(this);
    m_connectionLabel->setText(tr("Offline - the app is not connected yet"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionStatusLabel"));
    m_connectionLabel->setAccessibleDescription(tr("Connection status"));
    statusBar()->addWidget(m_connectionLabel, 1);
    m_uploadBar = new QProgressBar(this);
    m_uploadBar->setObjectName(QStringLiteral("uploadProgress"));
    m_uploadBar->setAccessibleName(tr("Image upload"));
    m_uploadBar->setMaximumWidth(fontMetrics().averageCharWidth() * 24);
    m_uploadBar->hide();
    statusBar()->addPermanentWidget(m_uploadBar);
    m_issuesButton = new QToolButton(this);
    m_issuesButton->setObjectName(QStringLiteral("issuesButton"));
    m_issuesButton->setAutoRaise(true);
    m_issuesButton->hide();
    statusBar()->addPermanentWidget(m_issuesButton);
    m_notificationsButton = new QToolButton(this);
    m_notificationsButton->setObjectName(QStringLiteral("notificationsButton"));
    m_notificationsButton->setAutoRaise(true);
    m_notificationsButton->hide();
    statusBar()->addPermanentWidget(m_notificationsButton);
    m_notifier = new DesktopNotifier(this);
    connect(m_notifier, &DesktopNotifier::activated, this, &MainWindow::openTarget);

    createMenus();
    resize(kInitialWidth, kInitialHeight);
}

void MainWindow::showServerLabel() {
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverAddressLabel"));
    m_serverLabel->setTextFormat(Qt::PlainText);
    m_serverLabel->setAlignment(Qt::AlignCenter);
    m_serverLabel->setWordWrap(true);
    m_serverLabel->setMargin(kLabelMargin);
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    //: %1 is the server's address, host:port, e.g. 127.0.0.1:50051.
    m_serverLabel->setText(tr("devcoll will talk to the server at %1").arg(m_server.toString()));
    m_serverLabel->setAccessibleName(tr("Server address"));
    m_serverLabel->setAccessibleDescription(tr("The devcoll server this app will connect to"));
    // The account's pages go now, not later as setCentralWidget() would have it: the replica
    // they read (and their thumbnails' workers) is closed right after.
    delete takeCentralWidget();
    setCentralWidget(m_serverLabel);
}

void MainWindow::showSignedOut() {
    if (m_sync) disconnect(m_sync, nullptr, this, nullptr);  // its last signals must not reach the pages
    delete m_issuesDialog;
    m_issuesDialog = nullptr;
    delete m_settingsDialog;
    showServerLabel();
    m_pages = nullptr;
    m_feedPage = nullptr;
    m_searchPage = nullptr;
    m_moderationPage = nullptr;
    m_notificationsPage = nullptr;
    m_moderationAction->setVisible(false);
    m_notificationsButton->hide();
    m_history.clear();
    m_feed = nullptr;
    m_actions = nullptr;
    m_thumbnails = nullptr;
    m_replica = nullptr;
    m_sync = nullptr;
    setAccountActionsEnabled(false);
    m_backAction->setEnabled(false);
    m_postMenu->clear();
    m_postMenu->setEnabled(false);
    m_uploadBar->hide();
    m_issuesButton->hide();
    m_connectionLabel->setText(tr("Signed out"));
}

void MainWindow::setAccountActionsEnabled(bool enabled) {
    for (QAction* a : {m_refreshAction, m_newPostAction, m_homeAction, m_searchAction, m_myProfileAction,
                       m_notificationsAction, m_moderationAction, m_issuesAction, m_settingsAction, m_signOutAction}) {
        a->setEnabled(enabled);
    }
}

void MainWindow::showSettings() {
    if (!m_replica) return;
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(*m_replica, m_server, this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        // Queued: the dialog finishes closing before the account it shows goes.
        connect(m_settingsDialog, &SettingsDialog::signOutRequested, this, &MainWindow::signOutRequested,
                Qt::QueuedConnection);
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

void MainWindow::createMenus() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_quitAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    // The platform's standard key; some platforms (Windows) have none, so Ctrl+Q there.
    QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    if (quitKeys.isEmpty()) {
        quitKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Q));
    }
    m_quitAction->setShortcuts(quitKeys);
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_quitAction->setStatusTip(tr("Quit devcoll"));
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_newPostAction = new QAction(QIcon(QStringLiteral(":/icons/compose.svg")), tr("&New Post..."), this);
    m_newPostAction->setObjectName(QStringLiteral("newPostAction"));
    m_newPostAction->setShortcuts(QKeySequence::New);  // Ctrl+N
    m_newPostAction->setStatusTip(tr("Write a post; it is saved at once and sent when online"));
    m_newPostAction->setEnabled(false);  // until an account is shown
    connect(m_newPostAction, &QAction::triggered, this, &MainWindow::newPost);
    fileMenu->insertAction(m_quitAction, m_newPostAction);
    fileMenu->insertSeparator(m_quitAction);
    m_settingsAction = new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings..."), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // The platform's key where it has one (Ctrl+, on macOS), Ctrl+, elsewhere.
    QList<QKeySequence> settingsKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (settingsKeys.isEmpty()) settingsKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setShortcuts(settingsKeys);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setStatusTip(tr("Account, sessions on other devices, server and language"));
    m_settingsAction->setEnabled(false);  // until an account is shown
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    fileMenu->insertAction(m_quitAction, m_settingsAction);
    m_signOutAction = new QAction(tr("Sign &Out"), this);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_signOutAction->setStatusTip(tr("Sign out, to sign in again or with another account; your data stays here"));
    m_signOutAction->setEnabled(false);
    connect(m_signOutAction, &QAction::triggered, this, [this] { emit signOutRequested(false); });
    fileMenu->insertAction(m_quitAction, m_signOutAction);
    fileMenu->insertSeparator(m_quitAction);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_refreshAction = viewMenu->addAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Refresh"));
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcuts(QKeySequence::Refresh);  // F5 (and Ctrl+R where that is usual)
    m_refreshAction->setStatusTip(tr("Sync with the server now instead of waiting for the next try"));
    m_refreshAction->setEnabled(false);  // until an account is shown
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    // Filled with the feed's post actions once an account is shown.
    m_postMenu = menuBar()->addMenu(tr("&Post"));
    m_postMenu->setObjectName(QStringLiteral("postMenu"));
    m_postMenu->setEnabled(false);

    viewMenu->addSeparator();
    const auto addViewAction = [&](const QString& text, const QList<QKeySequence>& keys, const QString& name,
                                   const QString& icon, std::function<void()> slot) {
        QAction* action = viewMenu->addAction(icon.isEmpty() ? QIcon() : QIcon(icon), text);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setEnabled(false);  // until an account is shown
        connect(action, &QAction::triggered, this, std::move(slot));
        return action;
    };
    m_homeAction = addViewAction(tr("&Home Feed"), {QKeySequence(Qt::CTRL | Qt::Key_1)}, QStringLiteral("homeAction"),
                                 {}, [this] { showFeed(); });
    m_searchAction =
        addViewAction(tr("&Search"), QKeySequence::keyBindings(QKeySequence::Find), QStringLiteral("searchAction"),
                      QStringLiteral(":/icons/search.svg"), [this] { showSearch(); });
    m_myProfileAction = addViewAction(tr("&My Profile"), {QKeySequence(Qt::CTRL | Qt::Key_2)},
                                      QStringLiteral("myProfileAction"), {}, [this] {
                                          if (m_replica) openProfile(m_replica->accountId());
                                      });
    m_notificationsAction = addViewAction(tr("&Notifications"), {QKeySequence(Qt::CTRL | Qt::Key_4)},
                                          QStringLiteral("notificationsAction"), {}, [this] { showNotifications(); });
    m_notificationsAction->setStatusTip(tr("Who followed you, liked or commented on your posts, or mentioned you"));
    m_notificationsButton->setDefaultAction(m_notificationsAction);
    m_moderationAction = addViewAction(tr("M&oderation Queue"), {QKeySequence(Qt::CTRL | Qt::Key_3)},
                                       QStringLiteral("moderationAction"), {}, [this] { showModeration(); });
    m_moderationAction->setStatusTip(tr("Reports from users, for moderators to act on"));
    m_moderationAction->setVisible(false);  // for moderators and admins only
    m_issuesAction = addViewAction(tr("Changes Needing &Attention..."), {}, QStringLiteral("issuesAction"), {},
                                   [this] { showActionIssues(); });
    m_issuesButton->setDefaultAction(m_issuesAction);
    m_backAction = addViewAction(tr("&Back"), QKeySequence::keyBindings(QKeySequence::Back),
                                 QStringLiteral("backAction"), {}, [this] { back(); });
    // Escape goes back too, from a page opened over the feed.
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(escape, &QAction::triggered, this, &MainWindow::back);
    addAction(escape);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_aboutAction = helpMenu->addAction(QIcon::fromTheme(QStringLiteral("help-about")), tr("&About devcoll"));
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutAction->setStatusTip(tr("Show the version of devcoll and what it is"));
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    QAction* aboutQtAction = helpMenu->addAction(tr("About &Qt"));
    aboutQtAction->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQtAction->setMenuRole(QAction::AboutQtRole);
    aboutQtAction->setStatusTip(tr("Show the version of Qt, the toolkit devcoll is built with"));
    connect(aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::showAccount(AccountReplica& replica) {
    auto* pages = new QStackedWidget(this);
    pages->setObjectName(QStringLiteral("pages"));
    auto* actions = new UserActions(replica, pages);
    auto* thumbnails = new ThumbnailCache(replica, pages);
    auto* view = new PostListView(*actions, pages);
    view->postDelegate()->useThumbnails(thumbnails, view);
    view->setObjectName(QStringLiteral("feedView"));
    view->setAccessibleName(tr("Home feed"));
    auto* feed = new FeedModel(replica.store(), replica.accountId(), {}, 50, view);
    view->setModel(feed);
    pages->addWidget(view);
    auto* search = new SearchPage(replica, pages);
    search->setObjectName(QStringLiteral("searchPage"));
    search->useThumbnails(thumbnails);
    pages->addWidget(search);
    connect(view, &PostListView::openPostRequested, this, &MainWindow::openPost);
    connect(view, &PostListView::openProfileRequested, this, &MainWindow::openProfile);
    connect(search, &SearchPage::openPostRequested, this, &MainWindow::openPost);
    connect(search, &SearchPage::openProfileRequested, this, &MainWindow::openProfile);
    connect(&replica.sync(), &SyncEngine::replicaChanged, this, &MainWindow::replicaChanged);
    connect(actions, &UserActions::changed, this, &MainWindow::replicaChanged);
    connect(actions, &UserActions::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageTimeoutMs); });
    connect(&replica.sync(), &SyncEngine::statusChanged, this, &MainWindow::showSyncStatus);
    connect(&replica.sync(), &SyncEngine::uploadProgress, this, &MainWindow::showUploadProgress);
    // The account shown before goes now, with its pages, models and actions: its replica is
    // closed as soon as this returns.
    delete takeCentralWidget();
    setCentralWidget(pages);
    m_serverLabel = nullptr;
    m_pages = pages;
    m_feedPage = view;
    m_searchPage = search;
    m_moderationPage = nullptr;
    m_notificationsPage = nullptr;
    m_history.clear();
    m_feed = feed;
    m_actions = actions;
    m_thumbnails = thumbnails;
    m_replica = &replica;
    m_sync = &replica.sync();
    delete m_issuesDialog;  // the account shown before's
    m_issuesDialog = nullptr;
    delete m_settingsDialog;  // the account shown before's
    setAccountActionsEnabled(true);
    m_backAction->setEnabled(false);
    m_postMenu->clear();
    m_postMenu->addActions({view->openAction(), view->likeAction(), view->authorAction()});
    m_postMenu->addSeparator();
    m_postMenu->addActions({view->editAction(), view->deleteAction()});
    m_postMenu->setEnabled(true);
    m_uploadBar->hide();
    showSyncStatus(replica.sync().status());
    checkModerator(replica);
    updateNotifications();
    view->setFocus();
}

void MainWindow::checkModerator(AccountReplica& replica) {
    m_moderationAction->setVisible(false);
    const auto show = [this, account = &replica](const QStringList& roles) {
        if (m_replica == account) m_moderationAction->setVisible(mayModerate(roles));
    };
    replica.store()
        .run<std::optional<QString>>([](ReplicaDatabase& db) { return stateOf(db, StateKey::Roles); })
        .then(this, [show](const Result<std::optional<QString>>& kept) {
            if (kept.ok() && *kept) show((**kept).split(QLatin1Char(','), Qt::SkipEmptyParts));
        });
    // The token may need a refresh, which may wait for the network: off the GUI thread.
    auto* watcher = new QFutureWatcher<std::optional<QStringList>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, show, account = &replica] {
        watcher->deleteLater();
        const std::optional<QStringList> roles = watcher->result();
        if (!roles || m_replica != account) return;  // no token (offline, signed out): keep what was known
        show(*roles);
        const QString joined = roles->join(QLatin1Char(','));
        account->store().run<void>([joined](ReplicaDatabase& db) { return setState(db, StateKey::Roles, joined); });
    });
    watcher->setFuture(QtConcurrent::run(
        [tokens = replica.tokens()] { return rolesInAccessToken(tokens ? tokens() : std::string()); }));
}

void MainWindow::showModeration() {
    if (!m_replica || !m_pages) return;
    if (!m_moderationPage) {
        auto* page = new ModerationPage(*m_replica, m_server, m_pages);
        page->setObjectName(QStringLiteral("moderationPage"));
        m_moderationPage = page;
    }
    showPage(m_moderationPage);
    // Each time it is shown: what other moderators did meanwhile is gone from it.
    static_cast<ModerationPage*>(m_moderationPage)->refresh();
}

void MainWindow::showNotifications() {
    if (!m_replica || !m_pages) return;
    if (!m_notificationsPage) {
        m_notificationsPage = new NotificationsPage(*m_replica, m_pages);
        m_notificationsPage->setObjectName(QStringLiteral("notificationsPage"));
        connect(m_notificationsPage, &NotificationsPage::openPostRequested, this, &MainWindow::openPost);
        connect(m_notificationsPage, &NotificationsPage::openProfileRequested, this, &MainWindow::openProfile);
        connect(m_notificationsPage, &NotificationsPage::markedRead, this, &MainWindow::updateNotifications);
    }
    showPage(m_notificationsPage);
}

void MainWindow::updateNotifications() {
    if (!m_replica) return;
    AccountReplica* account = m_replica;
    account->store()
        .run<NotificationSummary>([](ReplicaDatabase& db) { return readNotificationSummary(db); })
        .then(this, [this, account](const Result<NotificationSummary>& summary) {
            if (m_replica != account || !summary.ok()) return;
            const int unread = summary->unreadCount;
            m_notificationsButton->setVisible(unread > 0);
            //: The status bar's button to the notifications; %1 is how many are unread.
            const QString text = tr("Notifications (%1)").arg(unread);
            if (m_notificationsButton->text() != text) m_notificationsButton->setText(text);
        });
    account->store()
        .run<DesktopAlerts>([](ReplicaDatabase& db) { return takeDesktopAlerts(db, kDesktopNotificationsAtOnce); })
        .then(this, [this, account](const Result<DesktopAlerts>& alerts) {
            if (m_replica != account || !alerts.ok()) return;
            // Oldest of the shown first, so that the newest ends on top.
            for (auto it = alerts->shown.crbegin(); it != alerts->shown.crend(); ++it) {
                const auto& n = *it;
                const QString target =
                    n.post_id().empty()
                        ? QStringLiteral("user:") + QString::fromStdString(n.actors_size() ? n.actors(0).user_id() : "")
                        : QStringLiteral("post:") + QString::fromStdString(n.post_id());
                m_notifier->show(notificationSentence(n), QString::fromStdString(n.excerpt()), target);
            }
            if (alerts->more > 0) {
                //: The body of the desktop notification that stands for many at once.
                m_notifier->show(moreNotificationsText(alerts->more), tr("Open devcoll to see them all."),
                                 QStringLiteral("notifications"));
            }
        });
}

void MainWindow::openTarget(const QString& target) {
    if (!m_replica) return;
    // Clicked outside the window: bring it to the front with what was clicked (a maximized
    // window stays maximized).
    setWindowState(windowState() & ~Qt::WindowMinimized);
    raise();
    activateWindow();
    const QString id = target.section(QLatin1Char(':'), 1);
    if (target.startsWith(QLatin1String("post:"))) {
        openPost(id);
    } else if (target.startsWith(QLatin1String("user:"))) {
        openProfile(id);
    } else {
        showNotifications();
    }
}

void MainWindow::showPage(QWidget* page) {
    if (!m_pages || m_pages->currentWidget() == page) return;
    if (m_pages->indexOf(page) < 0) m_pages->addWidget(page);
    m_history.append(m_pages->currentWidget());
    m_pages->setCurrentWidget(page);
    m_backAction->setEnabled(true);
    page->setFocus();
}

void MainWindow::back() {
    if (!m_pages || m_history.isEmpty()) return;
    QWidget* leaving = m_pages->currentWidget();
    QWidget* previous = m_history.takeLast();
    m_pages->setCurrentWidget(previous);
    previous->setFocus();
    reloadShown();  // what changed while it was hidden
    // A post or profile page is made again when next opened (it may be in the history twice).
    if (leaving != m_feedPage && leaving != m_searchPage && leaving != m_moderationPage &&
        leaving != m_notificationsPage && !m_history.contains(leaving)) {
        m_pages->removeWidget(leaving);
        leaving->deleteLater();
    }
    m_backAction->setEnabled(!m_history.isEmpty());
}

void MainWindow::showFeed() {
    if (!m_pages) return;
    // Home clears the way back: every page opened since goes.
    while (!m_history.isEmpty()) back();
    m_pages->setCurrentWidget(m_feedPage);
    m_feedPage->setFocus();
}

void MainWindow::showSearch() {
    if (!m_pages) return;
    showPage(m_searchPage);
    static_cast<SearchPage*>(m_searchPage)->focusQuery();
}

void MainWindow::openPost(const QString& postId) {
    if (!m_replica || postId.isEmpty()) return;
    auto* page = new PostPage(*m_replica, *m_actions, postId, m_pages);
    page->setObjectName(QStringLiteral("postPage"));
    connect(page, &PostPage::openProfileRequested, this, &MainWindow::openProfile);
    connect(page, &PostPage::openProfileNamedRequested, this, &MainWindow::openProfileNamed);
    connect(page, &PostPage::postGone, this, [this, page] {
        if (m_pages->currentWidget() == page) back();
    });
    showPage(page);
}

void MainWindow::openProfile(const QString& userId) {
    if (!m_replica || userId.isEmpty()) return;
    auto* page = new ProfilePage(*m_replica, *m_actions, userId, m_pages);
    page->postsView()->postDelegate()->useThumbnails(m_thumbnails, page->postsView());
    page->setObjectName(QStringLiteral("profilePage"));
    connect(page, &ProfilePage::openPostRequested, this, &MainWindow::openPost);
    connect(page, &ProfilePage::openProfileRequested, this, &MainWindow::openProfile);
    showPage(page);
}

void MainWindow::openProfileNamed(const QString& username) {
    if (!m_replica) return;
    AccountReplica* account = m_replica;
    account->store()
        .run<std::optional<QString>>([username](ReplicaDatabase& db) { return profileIdNamed(db, username); })
        .then(this, [this, account, username](const Result<std::optional<QString>>& local) {
            if (m_replica != account) return;
            if (local.ok() && *local) {
                openProfile(**local);
                return;
            }
            // Not on this computer: the server knows, when it can be reached (off the GUI thread).
            auto* watcher = new QFutureWatcher<Result<QString>>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, account, username] {
                watcher->deleteLater();
                if (m_replica != account) return;
                const Result<QString> found = watcher->result();
                if (found.ok()) {
                    openProfile(*found);
                } else if (found.error().code == ErrorCode::NotFound) {
                    //: %1 is a username as written in a post (without the @).
                    statusBar()->showMessage(tr("There is no account called @%1.").arg(username), kMessageTimeoutMs);
                } else {
                    statusBar()->showMessage(
                        tr("@%1 is not on this computer, and the server cannot be reached to look them up.")
                            .arg(username),
                        kMessageTimeoutMs);
                }
            });
            watcher->setFuture(QtConcurrent::run([channel = account->channel(), tokens = account->tokens(), username] {
                return fetchUserIdByUsername(channel, tokens ? tokens() : std::string(), username);
            }));
        });
}

void MainWindow::showActionIssues() {
    if (!m_replica) return;
    if (!m_issuesDialog) {
        m_issuesDialog = new ActionIssuesDialog(*m_replica, *m_actions, this);
        m_issuesDialog->setObjectName(QStringLiteral("actionIssuesDialog"));
    }
    m_issuesDialog->reload();
    m_issuesDialog->show();
    m_issuesDialog->raise();
    m_issuesDialog->activateWindow();
}

void MainWindow::replicaChanged() {
    if (!m_feed) return;
    m_thumbnails->retryMissing(false);  // an image uploaded since, or the server back
    m_feed->reload();
    reloadShown();
    updateNotifications();
}

void MainWindow::reloadShown() {
    // Pages in the history read again when shown again; the one shown reads now.
    if (auto* post = qobject_cast<PostPage*>(m_pages->currentWidget())) post->reload();
    if (auto* profile = qobject_cast<ProfilePage*>(m_pages->currentWidget())) profile->reloadLocal();
    if (m_notificationsPage && m_pages->currentWidget() == m_notificationsPage) m_notificationsPage->reload();
}

void MainWindow::newPost() {
    if (!m_actions) return;
    auto* composer = new ComposerDialog(*m_actions, this);
    composer->setObjectName(QStringLiteral("composer"));
    composer->setAttribute(Qt::WA_DeleteOnClose);
    composer->open();
}

void MainWindow::showUploadProgress(const QString& mediaId, qint64 sent, qint64 total) {
    Q_UNUSED(mediaId);
    if (total <= 0 || sent >= total) {
        m_uploadBar->hide();
        return;
    }
    // Per mille: QProgressBar counts in int, and an image may pass 2^31 bytes in no case, but
    // the range stays small and exact this way.
    m_uploadBar->setRange(0, 1000);
    m_uploadBar->setValue(int(sent * 1000 / total));
    //: The status bar's progress bar while an image goes to the server; %p is the percentage.
    m_uploadBar->setFormat(tr("Uploading image: %p%"));
    m_uploadBar->show();
}

void MainWindow::refresh() {
    if (!m_sync) return;
    m_sync->retryNow();
    m_thumbnails->retryMissing();
    m_feed->reload();
}

void MainWindow::showSyncStatus(const SyncStatus& status) {
    m_connectionLabel->setText(syncStatusText(status));
    m_connectionLabel->setToolTip(status.lastError);
    m_issuesButton->setVisible(status.actionIssues > 0);
    //: The status bar's button to the changes the server did not take; %1 is how many.
    const QString issues = tr("Resolve (%1)...").arg(status.actionIssues);
    if (m_issuesButton->text() != issues) m_issuesButton->setText(issues);  // a new text lays out again
    if (m_issuesDialog) m_issuesDialog->reload();
}

void MainWindow::showAbout() {
    //: %1 is the version (0.1.0), %2 the server's address (127.0.0.1:50051). Keep the HTML tags.
    const QString text =
        tr("<h3>devcoll %1</h3>"
           "<p>A local-first social network for developers.</p>"
           "<p>devcoll keeps your feed, posts and profile on this computer, works offline and "
           "syncs with the server at %2 whenever it can reach it.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(), m_server.toString().toHtmlEscaped());
    QMessageBox::about(this, tr("About devcoll"), text);
}

}  // namespace devcoll::app
