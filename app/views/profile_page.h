#pragma once
// ProfilePage: one person's profile: name, @username, bio, follower and following counts, a
// Follow / Unfollow button (which works offline, like every action), and tabs with their posts
// (from the replica) and their followers and following (from the server, when online). The
// replica answers at once; the server's figures replace its counts when they come, unless a
// follow of this device still waits for the server.
#include <QFutureWatcher>
#include <QWidget>

#include <optional>

#include "net/server_profiles.h"
#include "store/replica_reads.h"
#include "sync/account_replica.h"
#include "views/user_actions.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;

namespace devcoll::app {

class FeedModel;
class PostListView;

class ProfilePage final : public QWidget {
    Q_OBJECT

public:
    ProfilePage(AccountReplica& replica, UserActions& actions, QString userId, QWidget* parent = nullptr);

    const QString& userId() const { return m_userId; }
    PostListView* postsView() const { return m_posts; }

    // The replica changed: read the card and posts again (the server is asked on open only).
    void reloadLocal();

signals:
    void openPostRequested(const QString& postId);
    void openProfileRequested(const QString& userId);

private:
    void askServer();
    void showProfile();
    void toggleFollow();
    QListWidget* personList(const QString& objectName, const QString& accessibleName);
    void fillPeople(QListWidget* list, const QList<ProfileRow>& people);

    AccountReplica& m_replica;
    UserActions& m_actions;
    const QString m_userId;
    std::optional<ProfileCard> m_local;
    std::optional<ServerProfile> m_server;
    QString m_serverError;
    QLabel* m_name = nullptr;
    QLabel* m_handle = nullptr;
    QLabel* m_bio = nullptr;
    QLabel* m_counts = nullptr;
    QPushButton* m_follow = nullptr;
    QTabWidget* m_tabs = nullptr;
    PostListView* m_posts = nullptr;
    FeedModel* m_postsModel = nullptr;
    QListWidget* m_followers = nullptr;
    QListWidget* m_following = nullptr;
    QFutureWatcher<Result<ProfileCard>> m_localRead;
    QFutureWatcher<Result<ServerProfile>> m_serverRead;
};

}  // namespace devcoll::app
