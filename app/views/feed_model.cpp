#include "views/feed_model.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QSet>

namespace devcoll::app {
namespace {

// Newest first, as the replica pages them: (created_at, id) descending.
bool before(const PostRow& a, const PostRow& b) {
    return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
}

bool sameContent(const PostRow& a, const PostRow& b) {
    return a.body == b.body && a.updatedAt == b.updatedAt && a.version == b.version && a.pending == b.pending &&
           a.likeCount == b.likeCount && a.commentCount == b.commentCount && a.likedByMe == b.likedByMe &&
           a.mediaIds == b.mediaIds && a.authorUsername == b.authorUsername &&
           a.authorDisplayName == b.authorDisplayName && a.createdAt == b.createdAt && a.hidden == b.hidden &&
           a.hiddenReason == b.hiddenReason;
}

QDateTime timeOf(qint64 micros) { return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC); }

}  // namespace

FeedModel::FeedModel(LocalStore& store, QString accountId, QString authorId, int pageSize, QObject* parent)
    : QAbstractListModel(parent),
      m_store(store),
      m_accountId(std::move(accountId)),
      m_authorId(std::move(authorId)),
      m_pageSize(std::max(1, pageSize)) {
    read({}, m_pageSize, false);
}

int FeedModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant FeedModel::postData(const PostRow& p, int role) {
    switch (role) {
        case Qt::DisplayRole:
        case BodyRole:
            return p.body;
        case IdRole:
            return p.id;
        case AuthorIdRole:
            return p.authorId;
        case AuthorUsernameRole:
            return p.authorUsername;
        case AuthorDisplayNameRole:
            return p.authorDisplayName;
        case MediaIdsRole:
            return p.mediaIds;
        case CreatedAtRole:
            return timeOf(p.createdAt);
        case UpdatedAtRole:
            return timeOf(p.updatedAt);
        case PendingRole:
            return p.pending;
        case LikeCountRole:
            return p.likeCount;
        case CommentCountRole:
            return p.commentCount;
        case LikedByMeRole:
            return p.likedByMe;
        case HiddenRole:
            return p.hidden;
        case Qt::ToolTipRole:
            //: The tooltip of the author's own post a moderator hid; %1 is the moderator's reason.
            return p.hidden ? FeedModel::tr("Hidden by a moderator; only you see it. Reason: %1").arg(p.hiddenReason)
                            : QVariant();
        default:
            return {};
    }
}

QVariant FeedModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    return postData(m_rows.at(index.row()), role);
}

QHash<int, QByteArray> FeedModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "postId"},
                  {AuthorIdRole, "authorId"},
                  {AuthorUsernameRole, "authorUsername"},
                  {AuthorDisplayNameRole, "authorDisplayName"},
                  {BodyRole, "body"},
                  {MediaIdsRole, "mediaIds"},
                  {CreatedAtRole, "createdAt"},
                  {UpdatedAtRole, "updatedAt"},
                  {PendingRole, "pending"},
                  {LikeCountRole, "likeCount"},
                  {CommentCountRole, "commentCount"},
                  {LikedByMeRole, "likedByMe"},
                  {HiddenRole, "hidden"}});
    return names;
}

bool FeedModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_atEnd && !m_loading; }

void FeedModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    PostPosition after;
    if (!m_rows.isEmpty()) after = PostPosition{m_rows.last().createdAt, m_rows.last().id};
    read(after, m_pageSize, false);
}

void FeedModel::reload() {
    if (m_loading) {
        m_reloadWanted = true;
        return;
    }
    read({}, std::max<int>(m_pageSize, int(m_rows.size())), true);
}

void FeedModel::read(const PostPosition& after, int limit, bool replace) {
    m_loading = true;
    const QString account = m_accountId;
    const QString author = m_authorId;
    // A watcher owned by the model: if the model goes first, the answer goes nowhere.
    auto* watcher = new QFutureWatcher<Result<QList<PostRow>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, limit, replace] {
        watcher->deleteLater();
        const Result<QList<PostRow>> rows = watcher->result();
        // Still loading while the rows go in: a view asks for more from inside the row signals.
        if (rows.ok()) {
            m_atEnd = rows->size() < limit;
            if (replace) {
                merge(*rows);
            } else if (!rows->isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows->size()) - 1);
                m_rows.append(*rows);
                endInsertRows();
            }
        }
        m_loading = false;
        if (m_reloadWanted) {
            m_reloadWanted = false;
            reload();
            return;
        }
        if (rows.ok()) {
            emit loaded();
        } else {
            emit loadFailed(QString::fromStdString(rows.error().message));
        }
    });
    watcher->setFuture(m_store.run<QList<PostRow>>([account, author, after, limit](ReplicaDatabase& db) {
        return author.isEmpty() ? homeFeed(db, account, after, limit) : postsBy(db, account, author, after, limit);
    }));
}

qsizetype FeedModel::indexOfId(const QString& id, qsizetype from) const {
    for (qsizetype i = from; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id) return i;
    }
    return -1;
}

void FeedModel::merge(const QList<PostRow>& fresh) {
    // Both lists are newest first: one walk turns the rows shown into `fresh` with the fewest
    // row changes a view has to follow.
    int row = 0;
    qsizetype next = 0;
    // Ids shown at `row` or below: whether a wanted post is shown further down is a lookup, not
    // a walk (a first sync inserts hundreds of rows into a thousand).
    QSet<QString> shownBelow;
    shownBelow.reserve(m_rows.size());
    for (const PostRow& r : std::as_const(m_rows)) shownBelow.insert(r.id);
    while (next < fresh.size() || row < m_rows.size()) {
        if (next == fresh.size()) {
            beginRemoveRows({}, row, int(m_rows.size()) - 1);
            m_rows.erase(m_rows.begin() + row, m_rows.end());
            endRemoveRows();
            break;
        }
        if (row == m_rows.size()) {
            beginInsertRows({}, row, row + int(fresh.size() - next) - 1);
            m_rows.append(fresh.mid(next));
            endInsertRows();
            break;
        }
        const PostRow& shown = m_rows.at(row);
        const PostRow& wanted = fresh.at(next);
        if (shown.id == wanted.id) {
            if (!sameContent(shown, wanted)) {
                m_rows[row] = wanted;
                emit dataChanged(index(row), index(row));
            }
            shownBelow.remove(shown.id);
            ++row;
            ++next;
        } else if (const qsizetype later = shownBelow.contains(wanted.id) ? indexOfId(wanted.id, row + 1) : -1;
                   later >= 0) {
            // Shown further down: the same post moved (the server's time for a post written
            // here differs from this device's). A move keeps the view's selection on it.
            beginMoveRows({}, int(later), int(later), {}, row);
            m_rows.move(later, row);
            endMoveRows();
        } else if (before(shown, wanted)) {
            beginRemoveRows({}, row, row);  // gone from the replica
            shownBelow.remove(shown.id);
            m_rows.removeAt(row);
            endRemoveRows();
        } else {
            // New: with those that follow it up to the row shown here, in one insertion (a first
            // sync brings hundreds between the rows shown).
            qsizetype end = next + 1;
            while (end < fresh.size() && !shownBelow.contains(fresh.at(end).id) && !before(shown, fresh.at(end))) {
                ++end;
            }
            const int count = int(end - next);
            beginInsertRows({}, row, row + count - 1);
            m_rows.insert(row, count, PostRow());
            std::copy(fresh.cbegin() + next, fresh.cbegin() + end, m_rows.begin() + row);
            endInsertRows();
            row += count;
            next = end;
        }
    }
}

}  // namespace devcoll::app
