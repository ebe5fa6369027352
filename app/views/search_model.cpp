#include "views/search_model.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "net/server_search.h"
#include "views/feed_model.h"

namespace devcoll::app {

namespace {

constexpr int kTypingPauseMs = 150;
constexpr int kLimit = 20;  // of each kind, from each side
constexpr int kMaxQueryCharacters = 256;

struct LocalResults final {
    QList<ProfileRow> profiles;
    QList<PostRow> posts;
};

}  // namespace

SearchModel::SearchModel(AccountReplica& replica, QObject* parent) : QAbstractListModel(parent), m_replica(replica) {
    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingPauseMs);
    connect(&m_typing, &QTimer::timeout, this, &SearchModel::search);
}

int SearchModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant SearchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    if (role == FeedModel::IsProfileRole) return r.profile;
    if (role == FeedModel::FromServerRole) return r.fromServer;
    if (r.profile) {
        switch (role) {
            case Qt::DisplayRole:
            case FeedModel::AuthorDisplayNameRole:
                return r.user.displayName.isEmpty() ? r.user.username : r.user.displayName;
            case FeedModel::IdRole:
            case FeedModel::AuthorIdRole:
                return r.user.id;
            case FeedModel::AuthorUsernameRole:
                return r.user.username;
            case FeedModel::BodyRole:
                return r.user.bio;
            case FeedModel::PendingRole:
                return r.user.pending;
            default:
                return {};
        }
    }
    return FeedModel::postData(r.post, role);
}

QHash<int, QByteArray> SearchModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{FeedModel::IdRole, "id"},
                  {FeedModel::BodyRole, "body"},
                  {FeedModel::IsProfileRole, "isProfile"},
                  {FeedModel::FromServerRole, "fromServer"}});
    return names;
}

void SearchModel::setQuery(const QString& query) {
    const QString trimmed = query.trimmed().left(kMaxQueryCharacters);
    if (trimmed == m_query) return;
    m_query = trimmed;
    ++m_generation;
    m_typing.start();
}

bool SearchModel::contains(bool profile, const QString& id) const {
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [&](const Row& r) { return r.profile == profile && (profile ? r.user.id : r.post.id) == id; });
}

void SearchModel::search() {
    const quint64 generation = m_generation;
    const QString query = m_query;
    m_afterLocal = nullptr;
    if (query.isEmpty()) {
        showLocal(generation, {}, {});
        return;
    }
    const QString account = m_replica.accountId();
    auto* local = new QFutureWatcher<Result<LocalResults>>(this);
    connect(local, &QFutureWatcherBase::finished, this, [this, local, generation] {
        local->deleteLater();
        if (generation != m_generation) return;
        const Result<LocalResults> results = local->result();
        // A query the search language refuses (a lone quote) finds nothing rather than failing.
        showLocal(generation, results.ok() ? results->profiles : QList<ProfileRow>(),
                  results.ok() ? results->posts : QList<PostRow>());
    });
    local->setFuture(m_replica.store().run<LocalResults>([account, query](ReplicaDatabase& db) -> Result<LocalResults> {
        DEVCOLL_TRY(auto profiles, searchProfiles(db, query, kLimit));
        DEVCOLL_TRY(auto posts, searchPosts(db, account, query, kLimit));
        return LocalResults{std::move(profiles), std::move(posts)};
    }));
    if (!m_serverSearch) return;

    auto* remote = new QFutureWatcher<Result<ServerSearchResults>>(this);
    connect(remote, &QFutureWatcherBase::finished, this, [this, remote, generation] {
        remote->deleteLater();
        if (generation != m_generation) return;
        const Result<ServerSearchResults> results = remote->result();
        auto deliver = [this, results] {
            if (results.ok()) {
                addServer(results->profiles, results->posts);
            } else {
                emit serverResultsReady(false, QString::fromStdString(results.error().message));
            }
        };
        // The replica's results go first: if they are still coming, the server's wait for them.
        if (m_localShown != generation) {
            m_afterLocal = std::move(deliver);
        } else {
            deliver();
        }
    });
    // The worker gets copies: the model may be gone before the answer.
    remote->setFuture(QtConcurrent::run([channel = m_replica.channel(), tokens = m_replica.tokens(), query] {
        return searchServer(channel, tokens ? tokens() : std::string(), query, kLimit);
    }));
}

void SearchModel::showLocal(quint64 generation, const QList<ProfileRow>& profiles, const QList<PostRow>& posts) {
    beginResetModel();
    m_rows.clear();
    for (const ProfileRow& p : profiles) m_rows.append(Row{true, false, p, {}});
    for (const PostRow& p : posts) m_rows.append(Row{false, false, {}, p});
    endResetModel();
    m_localShown = generation;
    emit localResultsReady();
    if (m_afterLocal) {
        const std::function<void()> deliver = std::move(m_afterLocal);
        m_afterLocal = nullptr;
        deliver();
    }
}

void SearchModel::addServer(const QList<ProfileRow>& profiles, const QList<PostRow>& posts) {
    QList<Row> fresh;
    for (const ProfileRow& p : profiles) {
        if (!contains(true, p.id)) fresh.append(Row{true, true, p, {}});
    }
    for (const PostRow& p : posts) {
        if (!contains(false, p.id)) fresh.append(Row{false, true, {}, p});
    }
    if (!fresh.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
        m_rows.append(fresh);
        endInsertRows();
    }
    emit serverResultsReady(true, {});
}

}  // namespace devcoll::app
