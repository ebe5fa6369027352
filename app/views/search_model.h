#pragma once
// SearchModel: as-you-type search results: profiles, then posts, first from the replica
// (offline, at once), then what the server found that the replica lacks, marked as such
// (FromServerRole). The replica is searched on the store thread and the server on a worker
// thread; an answer for an older query is dropped. Rows carry FeedModel's roles, so
// PostDelegate draws them.
#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QTimer>

#include <functional>

#include "store/replica_reads.h"
#include "sync/account_replica.h"

namespace devcoll::app {

class SearchModel final : public QAbstractListModel {
    Q_OBJECT

public:
    explicit SearchModel(AccountReplica& replica, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The query as typed; searched after a short pause in typing. Empty: no results.
    void setQuery(const QString& query);
    const QString& query() const { return m_query; }
    // Whether to ask the server too (off: the replica only).
    void setServerSearch(bool on) { m_serverSearch = on; }

signals:
    // The replica's results for the current query are in.
    void localResultsReady();
    // The server's are in (`ok`), or it could not be asked (`message` says why).
    void serverResultsReady(bool ok, const QString& message);

private:
    struct Row final {
        bool profile = false;
        bool fromServer = false;
        ProfileRow user;
        PostRow post;
    };
    void search();
    void showLocal(quint64 generation, const QList<ProfileRow>& profiles, const QList<PostRow>& posts);
    void addServer(const QList<ProfileRow>& profiles, const QList<PostRow>& posts);
    bool contains(bool profile, const QString& id) const;

    AccountReplica& m_replica;
    QString m_query;
    QTimer m_typing;
    QList<Row> m_rows;
    quint64 m_generation = 0;  // counts queries: answers for older ones are dropped
    quint64 m_localShown = 0;  // the query whose replica results are shown
    // The server's answer when it came before the replica's: given after them.
    std::function<void()> m_afterLocal;
    bool m_serverSearch = true;
};

}  // namespace devcoll::app
