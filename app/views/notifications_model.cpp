#include "views/notifications_model.h"

#include <QDateTime>
#include <QFont>

#include <google/protobuf/util/time_util.h>

#include "views/notification_text.h"
#include "views/relative_time.h"

namespace devcoll::app {

using google::protobuf::util::TimeUtil;

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
        case Qt::FontRole: {
            if (!row.unread) return {};
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
            return row.unread;
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
