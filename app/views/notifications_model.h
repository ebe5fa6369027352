#pragma once
// NotificationsModel: the account's notifications from the replica, newest activity first, for
// the notifications view. reload() reads them on the store thread; the rows are replaced when
// the read comes back (a list of at most a few hundred short rows).
#include <QAbstractListModel>
#include <QList>

#include "store/local_store.h"
#include "store/replica_notifications.h"

namespace devcoll::app {

class NotificationsModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,       // devcoll.notification.v1.NotificationKind
        SequenceRole,   // qint64
        UnreadRole,     // unread, or unread when the list was opened (see keepNewAbove)
        PostIdRole,     // the post to open; empty for a follow
        CommentIdRole,  // the newest comment, or the mentioning one
        ActorIdRole,    // the newest person in it (a follow opens their profile)
        ExcerptRole,
        UpdatedAtRole,  // QDateTime, UTC
    };

    // How many notifications the view holds at most (the newest).
    static constexpr int kLimit = 200;

    explicit NotificationsModel(LocalStore& store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The replica changed: read the notifications again.
    void reload();
    // The highest sequence shown (what "mark all as read" marks up to); 0 when empty.
    qint64 latestSequence() const;
    // The read mark as it is before the list marks what it shows read: rows above it keep
    // showing as new (UnreadRole, bold) while the list is open, so the user sees which came
    // since they last looked. -1: only what is unread now.
    void keepNewAbove(qint64 readUpTo);
    // The read mark the unread rows are above (the highest sequence of a read row; 0: none read).
    qint64 readMark() const;

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    void show(const QList<NotificationRow>& rows);

    LocalStore& m_store;
    bool isNew(const NotificationRow& row) const;

    QList<NotificationRow> m_rows;
    qint64 m_keptNewAbove = -1;
    bool m_loading = false;
    bool m_reloadWanted = false;
};

}  // namespace devcoll::app
