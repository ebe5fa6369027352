#pragma once
// ReplicaDatabase: the SQLite connection of one account's local replica, with its schema
// migrated, its statements prepared once, and transactions. It belongs to the thread that
// opened it (a QSqlDatabase may only be used there): LocalStore keeps it on the store thread.
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

#include "devcoll/result.h"

namespace devcoll::app {

class ReplicaDatabase final {
public:
    // Opens (creating when missing) the replica file at `path` and applies the migrations it
    // lacks, each in its own transaction.
    static Result<std::unique_ptr<ReplicaDatabase>> open(const QString& path);
    ~ReplicaDatabase();
    ReplicaDatabase(const ReplicaDatabase&) = delete;
    ReplicaDatabase& operator=(const ReplicaDatabase&) = delete;

    // Runs a statement (prepared on first use, then reused) with positional `params` (a null
    // QString binds as empty text, never as NULL); the number of rows it changed.
    Result<int> exec(const QString& sql, const QVariantList& params = {});
    // Runs a query and reads all its rows (its statement is then reset, so no read stays open).
    Result<QList<QVariantList>> select(const QString& sql, const QVariantList& params = {});
    // Runs `work` in one transaction: committed when it succeeds, rolled back otherwise.
    Status transact(const std::function<Status()>& work);

    // The schema version (the number of the last migration applied).
    int schemaVersion() const { return m_schemaVersion; }

private:
    explicit ReplicaDatabase(QString connectionName);
    Status migrate();
    Result<QSqlQuery*> prepared(const QString& sql, const QVariantList& params);

    const QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery> m_statements;
    int m_schemaVersion = 0;
    bool m_inTransaction = false;
};

// An error from Qt SQL, with what was being done.
Error sqlError(const QString& doing, const QString& detail);

}  // namespace devcoll::app
