#pragma once
// FeedModel: a list of posts from the replica for a view: the home feed or one author's posts,
// newest first. Rows come a page at a time as the view scrolls (canFetchMore/fetchMore), read
// on the store thread; the GUI thread only gets finished rows. reload() reads the rows shown
// again after the replica changed and applies the difference as row moves the view can follow
// (inserted, removed, moved, changed in place), so a post confirmed by the server stays the
// same row, moved if the server's time puts it elsewhere.
#include <QAbstractListModel>
#include <QList>
#include <QString>

#include "store/local_store.h"
#include "store/replica_reads.h"

namespace devcoll::app {

class FeedModel final : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        AuthorIdRole,
        AuthorUsernameRole,
        AuthorDisplayNameRole,
        BodyRole,
        MediaIdsRole,
        CreatedAtRole,  // QDateTime, UTC
        UpdatedAtRole,
        PendingRole,
        LikeCountRole,
        CommentCountRole,
        LikedByMeRole,
        HiddenRole,  // a moderator hid it (the author's own post); Qt::ToolTipRole says why
        // Set by other lists of posts that PostDelegate draws (SearchModel): a profile rather
        // than a post (BodyRole its bio), and a result that came from the server.
        IsProfileRole,
        FromServerRole,
    };

    // `authorId` empty: the account's home feed; else that author's posts.
    FeedModel(LocalStore& store, QString accountId, QString authorId = {}, int pageSize = 50,
              QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // A post's value for one of the roles (and Qt::DisplayRole), for every list of posts.
    static QVariant postData(const PostRow& post, int role);
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // The replica changed: read the rows shown again.
    void reload();
    // Whether a read is under way (the next page or a reload).
    bool loading() const { return m_loading; }

signals:
    // A read finished and the rows are as the replica had them.
    void loaded();
    // A read failed; the rows stay as they were.
    void loadFailed(const QString& message);

private:
    void read(const PostPosition& after, int limit, bool replace);
    void merge(const QList<PostRow>& fresh);
    qsizetype indexOfId(const QString& id, qsizetype from) const;

    LocalStore& m_store;
    const QString m_accountId;
    const QString m_authorId;
    const int m_pageSize;
    QList<PostRow> m_rows;
    bool m_loading = false;
    bool m_atEnd = false;
    bool m_reloadWanted = false;  // reload() while a read was under way
};

}  // namespace devcoll::app
