#include "views/profile_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "views/feed_model.h"
#include "views/post_list_view.h"

namespace devcoll::app {

namespace {

constexpr int kPeoplePage = 50;
constexpr int kPostsPage = 30;
constexpr double kNameScale = 1.5;

}  // namespace

ProfilePage::ProfilePage(AccountReplica& replica, UserActions& actions, QString userId, QWidget* parent)
    : QWidget(parent), m_replica(replica), m_actions(actions), m_userId(std::move(userId)) {
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setTextFormat(Qt::PlainText);
    QFont big = m_name->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * kNameScale);
    m_name->setFont(big);
    m_handle = new QLabel(this);
    m_handle->setObjectName(QStringLiteral("profileUsername"));
    m_handle->setTextFormat(Qt::PlainText);
    m_handle->setForegroundRole(QPalette::PlaceholderText);
    m_bio = new QLabel(this);
    m_bio->setObjectName(QStringLiteral("profileBio"));
    m_bio->setTextFormat(Qt::PlainText);
    m_bio->setWordWrap(true);
    m_bio->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("profileCounts"));
    m_counts->setTextFormat(Qt::PlainText);
    m_follow = new QPushButton(this);
    m_follow->setObjectName(QStringLiteral("followButton"));
    m_follow->setVisible(m_userId != m_actions.accountId());
    connect(m_follow, &QPushButton::clicked, this, &ProfilePage::toggleFollow);

    m_posts = new PostListView(actions, this);
    m_posts->setObjectName(QStringLiteral("profilePosts"));
    m_posts->setAccessibleName(tr("Posts"));
    m_postsModel = new FeedModel(replica.store(), replica.accountId(), m_userId, kPostsPage, m_posts);
    m_posts->setModel(m_postsModel);
    connect(m_posts, &PostListView::openPostRequested, this, &ProfilePage::openPostRequested);
    connect(m_posts, &PostListView::openProfileRequested, this, [this](const QString& id) {
        if (id != m_userId) emit openProfileRequested(id);
    });
    m_followers = personList(QStringLiteral("followersList"), tr("Followers"));
    m_following = personList(QStringLiteral("followingList"), tr("Following"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->addTab(m_posts, tr("Posts"));
    m_tabs->addTab(m_followers, tr("Followers"));
    m_tabs->addTab(m_following, tr("Following"));

    auto* titles = new QVBoxLayout;
    titles->addWidget(m_name);
    titles->addWidget(m_handle);
    auto* header = new QHBoxLayout;
    header->addLayout(titles, 1);
    header->addWidget(m_follow, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_bio);
    layout->addWidget(m_counts);
    layout->addWidget(m_tabs, 1);

    connect(&m_localRead, &QFutureWatcherBase::finished, this, [this] {
        const Result<ProfileCard> card = m_localRead.result();
        if (card.ok()) m_local = *card;
        showProfile();
    });
    connect(&m_serverRead, &QFutureWatcherBase::finished, this, [this] {
        const Result<ServerProfile> profile = m_serverRead.result();
        if (profile.ok()) {
            m_server = *profile;
            m_serverError.clear();
        } else {
            m_serverError = QString::fromStdString(profile.error().message);
        }
        showProfile();
    });
    showProfile();
    reloadLocal();
    askServer();
}

QListWidget* ProfilePage::personList(const QString& objectName, const QString& accessibleName) {
    auto* list = new QListWidget(this);
    list->setObjectName(objectName);
    list->setAccessibleName(accessibleName);
    connect(list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit openProfileRequested(item->data(Qt::UserRole).toString()); });
    return list;
}

void ProfilePage::reloadLocal() {
    m_postsModel->reload();
    if (m_localRead.isRunning()) return;
    m_localRead.setFuture(
        m_replica.store().run<ProfileCard>([account = m_replica.accountId(), user = m_userId](ReplicaDatabase& db) {
            return profileCard(db, account, user);
        }));
}

void ProfilePage::askServer() {
    m_serverRead.setFuture(
        QtConcurrent::run([channel = m_replica.channel(), tokens = m_replica.tokens(), user = m_userId] {
            return fetchProfile(channel, tokens ? tokens() : std::string(), user, kPeoplePage);
        }));
}

void ProfilePage::fillPeople(QListWidget* list, const QList<ProfileRow>& people) {
    list->clear();
    for (const ProfileRow& p : people) {
        const QString name = p.displayName.isEmpty() ? p.username : p.displayName;
        auto* item = new QListWidgetItem(name + QStringLiteral("  @") + p.username, list);
        item->setData(Qt::UserRole, p.id);
    }
}

void ProfilePage::showProfile() {
    // The profile: the replica's (it has this device's edits), else the server's.
    ProfileRow profile;
    if (m_local && !m_local->profile.id.isEmpty()) {
        profile = m_local->profile;
    } else if (m_server) {
        profile = m_server->card.profile;
    }
    const bool known = !profile.id.isEmpty();
    m_name->setText(known ? (profile.displayName.isEmpty() ? profile.username : profile.displayName)
                    : m_localRead.isRunning() || m_serverRead.isRunning()
                        ? tr("Loading...")
                        //: A profile neither on this computer nor reachable on the server.
                        : tr("This profile is not on this computer, and the server cannot be asked now."));
    m_handle->setText(known ? QLatin1Char('@') + profile.username : QString());
    m_bio->setText(profile.bio);
    m_bio->setVisible(!profile.bio.isEmpty());

    // Follows: this device's while one waits for the server, else the server's when it answered.
    const bool pending = m_local && m_local->followPending;
    bool followed = m_local && m_local->followedByMe;
    int followers = m_local ? m_local->followers : 0;
    int following = m_local ? m_local->following : 0;
    if (m_server && !pending) {
        followed = m_server->card.followedByMe;
        followers = m_server->card.followers;
        following = m_server->card.following;
    }
    //: %1 followers, %2 followed by the person.
    m_counts->setText(
        tr("Followers: %1 - Following: %2").arg(QLocale().toString(followers), QLocale().toString(following)));
    m_follow->setText(followed ? tr("Un&follow") : tr("&Follow"));
    m_follow->setToolTip(pending ? tr("Waiting for the server to confirm") : QString());
    m_follow->setEnabled(known || followed);
    m_follow->setProperty("followed", followed);

    if (m_server) {
        fillPeople(m_followers, m_server->followers);
        fillPeople(m_following, m_server->following);
    }
    const bool online = m_server.has_value();
    m_tabs->setTabEnabled(1, online);
    m_tabs->setTabEnabled(2, online);
    const QString offline = tr("Shown when the server can be reached");
    m_tabs->setTabToolTip(1, online ? QString() : offline);
    m_tabs->setTabToolTip(2, online ? QString() : offline);
}

void ProfilePage::toggleFollow() {
    const bool followed = m_follow->property("followed").toBool();
    m_actions.follow(m_userId, !followed);
    // Shown at once; the replica's answer (and the sync's) follow.
    if (!m_local) m_local = ProfileCard{};
    m_local->followedByMe = !followed;
    m_local->followPending = true;
    if (m_server) m_local->followers = m_server->card.followers + (followed ? -1 : 1);
    showProfile();
}

}  // namespace devcoll::app
