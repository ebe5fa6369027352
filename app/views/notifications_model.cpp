#include "views/notifications_model.h"

#include <QDateTime>
#include <QFont>
#include <QIcon>

#include <google/protobuf/util/time_util.h>

#include "views/notification_text.h"
#include "views/relative_time.h"

namespace devcoll::app {

using google::protobuf::util::TimeUtil;

namespace {

QIcon iconOf(notification::v1::NotificationKind kind) {
    switch (kind) {
        case notification::v1::NOTIFICATION_KIND_FOLLOW:
            return QIcon(QStringLiteral(":/icons/follow.svg"));
        case notification::v1::NOTIFICATION_KIND_LIKE:
            return QIcon(QStringLiteral(":/icons/heart.svg"));
        case notification::v1::NOTIFICATION_KIND_COMMENT:
        case notification::v1::NOTIFICATION_KIND_REPLY:
            return QIcon(QStringLiteral(":/icons/comment.svg"));
        case notification::v1::NOTIFICATION_KIND_MENTION:
            return QIcon(QStringLiteral(":/icons/mention.svg"));
        default:
            return QIcon(QStringLiteral(":/icons/devcoll.svg"));
    }
}

}  // namespace

NotificationsModel::NotificationsModel(LocalStore& store, QObject* parent)
    : QAbstractListModel(parent), m_store(store) {}

int NotificationsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant NotificationsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const NotificationRow& row = m_rows.at(index.row());
    const auto& n = row.notification;
    const QDateTime updated =
        QDateTime::fromMSecsSinceEpoch(TimeUtil::TimestampToMilliseconds(n.update_time()), Qt::UTC);
    switch (role) {
        case Qt::DisplayRole: {
            // The sentence, then what was said (for comments, replies and mentions) and when.
            QString text = notificationSentence(n);
            const QString when = relativeTime(updated, QDateTime::currentDateTimeUtc());
            if (!n.excerpt().empty() && n.kind() != notification::v1::NOTIFICATION_KIND_LIKE) {
                text += QStringLiteral("\n“%1”").arg(QString::fromStdString(n.excerpt()).simplified());
            }
            return text + QStringLiteral(" · ") + when;
        }
        case Qt::AccessibleTextRole:
            return notificationSentence(n);
        case Qt::ToolTipRole:
            return QLocale().toString(updated.toLocalTime(), QLocale::LongFormat);
        case Qt::DecorationRole:
            return iconOf(n.kind());
        case Qt::FontRole: {
            if (!isNew(row)) return {};
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        case IdRole:
            return QString::fromStdString(n.id());
        case KindRole:
            return static_cast<int>(n.kind());
        case SequenceRole:
            return static_cast<qint64>(n.sequence());
        case UnreadRole:
            return isNew(row);
        case PostIdRole:
            return QString::fromStdString(n.post_id());
        case CommentIdRole:
            return QString::fromStdString(n.comment_id());
        case ActorIdRole:
            return n.actors_size() > 0 ? QString::fromStdString(n.actors(0).user_id()) : QString();
        case ExcerptRole:
            return QString::fromStdString(n.excerpt());
        case UpdatedAtRole:
            return updated;
        default:
            return {};
    }
}

QHash<int, QByteArray> NotificationsModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "notificationId");
    names.insert(KindRole, "kind");
    names.insert(SequenceRole, "sequence");
    names.insert(UnreadRole, "unread");
    names.insert(PostIdRole, "postId");
    names.insert(CommentIdRole, "commentId");
    names.insert(ActorIdRole, "actorId");
    names.insert(ExcerptRole, "excerpt");
    names.insert(UpdatedAtRole, "updatedAt");
    return names;
}

bool NotificationsModel::isNew(const NotificationRow& row) const {
    return row.unread || (m_keptNewAbove >= 0 && row.notification.sequence() > m_keptNewAbove);
}

void NotificationsModel::keepNewAbove(qint64 readUpTo) {
    if (m_keptNewAbove == readUpTo) return;
    m_keptNewAbove = readUpTo;
    if (!m_rows.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {Qt::FontRole, UnreadRole});
}

qint64 NotificationsModel::readMark() const {
    for (const NotificationRow& row : m_rows) {
        if (!row.unread) return row.notification.sequence();
    }
    return 0;
}

qint64 NotificationsModel::latestSequence() const {
    return m_rows.isEmpty() ? 0 : static_cast<qint64>(m_rows.first().notification.sequence());
}

void NotificationsModel::reload() {
    if (m_loading) {
        m_reloadWanted = true;
        return;
    }
    m_loading = true;
    m_store.run<QList<NotificationRow>>([](ReplicaDatabase& db) { return readNotifications(db, kLimit); })
        .then(this, [this](const Result<QList<NotificationRow>>& rows) {
            m_loading = false;
            if (rows.ok()) {
                show(*rows);
            } else {
                emit loadFailed(QString::fromStdString(rows.error().message));
            }
            if (m_reloadWanted) {
                m_reloadWanted = false;
                reload();
            }
        });
}

void NotificationsModel::show(const QList<NotificationRow>& rows) {
    beginResetModel();
    m_rows = rows;
    endResetModel();
    emit loaded();
}

}  // namespace devcoll::app
