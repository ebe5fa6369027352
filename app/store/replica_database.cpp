#include "store/replica_database.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlRecord>

namespace devcoll::app {
namespace {

constexpr char kMigrationsDir[] = ":/store/migrations";

QString nextConnectionName() {
    static QAtomicInteger<int> counter;
    return QStringLiteral("devcoll-replica-%1").arg(counter.fetchAndAddRelaxed(1));
}

// A migration file holds several statements; QSqlQuery runs one at a time. Statements end with
// ';' at the end of a line (none of ours has one inside a string).
QStringList statementsOf(const QString& script) {
    QStringList statements;
    QString current;
    for (const QString& line : script.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("--")) || trimmed.isEmpty()) continue;
        current += line + QLatin1Char('\n');
        if (trimmed.endsWith(QLatin1Char(';'))) {
            statements << current.trimmed();
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty()) statements << current.trimmed();
    return statements;
}

}  // namespace

Error sqlError(const QString& doing, const QString& detail) {
    return makeError(ErrorCode::Internal,
                     (QStringLiteral("local replica: ") + doing + QStringLiteral(": ") + detail).toStdString());
}

ReplicaDatabase::ReplicaDatabase(QString connectionName) : m_connectionName(std::move(connectionName)) {}

ReplicaDatabase::~ReplicaDatabase() {
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<ReplicaDatabase>> ReplicaDatabase::open(const QString& path) {
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return makeError(ErrorCode::Unavailable, ("cannot create the folder of " + path).toStdString());
    }
    std::unique_ptr<ReplicaDatabase> replica(new ReplicaDatabase(nextConnectionName()));
    replica->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), replica->m_connectionName);
    replica->m_db.setDatabaseName(path);
    if (!replica->m_db.open()) return sqlError(QStringLiteral("cannot open ") + path, replica->m_db.lastError().text());
    // WAL: readers never wait for the writer; NORMAL sync keeps every commit across a crash of
    // the app (a power loss may lose the last ones, which the server still has).
    for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                               "PRAGMA busy_timeout = 5000"}) {
        DEVCOLL_CHECK(replica->select(QString::fromLatin1(pragma)));
    }
    DEVCOLL_CHECK(replica->migrate());
    // Entities whose action the server confirmed and that the sync feed has not yet carried
    // back. A snapshot taken before the confirmation does not name them, and must not prune
    // them (see keepOnly). Per connection and gone with the process: after a restart the next
    // snapshot or pull brings them.
    DEVCOLL_CHECK(
        replica->exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS confirmed_unsynced (entity_kind "
                                     "INTEGER NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY "
                                     "(entity_kind, entity_id))")));
    return replica;
}

Result<QSqlQuery*> ReplicaDatabase::prepared(const QString& sql, const QVariantList& params) {
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.prepare(sql)) return sqlError(QStringLiteral("cannot prepare ") + sql, query.lastError().text());
        it = m_statements.insert(sql, std::move(query));
    }
    QSqlQuery& query = *it;
    for (int i = 0; i < params.size(); ++i) {
        // A null QString (a default one) means empty text here: Qt would bind it as NULL.
        const QVariant& param = params[i];
        const bool nullText = param.typeId() == QMetaType::QString && param.toString().isNull();
        query.bindValue(i, nullText ? QVariant(QStringLiteral("")) : param);
    }
    if (!query.exec()) return sqlError(sql.section(QLatin1Char('\n'), 0, 0), query.lastError().text());
    return &query;
}

Result<int> ReplicaDatabase::exec(const QString& sql, const QVariantList& params) {
    DEVCOLL_TRY(QSqlQuery * query, prepared(sql, params));
    const int affected = query->numRowsAffected();
    query->finish();
    return affected;
}

Result<QList<QVariantList>> ReplicaDatabase::select(const QString& sql, const QVariantList& params) {
    DEVCOLL_TRY(QSqlQuery * query, prepared(sql, params));
    QList<QVariantList> rows;
    const int columns = query->record().count();
    while (query->next()) {
        QVariantList& row = rows.emplace_back();
        row.reserve(columns);
        for (int c = 0; c < columns; ++c) row.append(query->value(c));
    }
    query->finish();
    return rows;
}

Status ReplicaDatabase::transact(const std::function<Status()>& work) {
    // Nested calls join the outer transaction.
    if (m_inTransaction) return work();
    if (!m_db.transaction()) return sqlError(QStringLiteral("cannot begin"), m_db.lastError().text());
    m_inTransaction = true;
    Status outcome = work();
    m_inTransaction = false;
    if (!outcome.ok()) {
        m_db.rollback();
        return outcome;
    }
    if (!m_db.commit()) {
        const QString why = m_db.lastError().text();
        m_db.rollback();
        return sqlError(QStringLiteral("cannot commit"), why);
    }
    return {};
}

Status ReplicaDatabase::migrate() {
    DEVCOLL_CHECK(
        exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                            "applied_at INTEGER NOT NULL)")));
    DEVCOLL_TRY(auto current, select(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")));
    m_schemaVersion = current.value(0).value(0).toInt();

    static const QRegularExpression name(QStringLiteral("^V(\\d{3})__\\w+\\.sql$"));
    QStringList files = QDir(QString::fromLatin1(kMigrationsDir)).entryList(QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto match = name.match(file);
        if (!match.hasMatch()) return sqlError(QStringLiteral("bad migration name"), file);
        const int version = match.captured(1).toInt();
        if (version <= m_schemaVersion) continue;
        QFile script(QString::fromLatin1(kMigrationsDir) + QLatin1Char('/') + file);
        if (!script.open(QIODevice::ReadOnly)) return sqlError(QStringLiteral("cannot read"), file);
        const QStringList statements = statementsOf(QString::fromUtf8(script.readAll()));
        DEVCOLL_CHECK(transact([&]() -> Status {
            for (const QString& statement : statements) {
                QSqlQuery query(m_db);
                if (!query.exec(statement)) return sqlError(file, query.lastError().text());
            }
            DEVCOLL_CHECK(exec(QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES "
                                              "(?, CAST(strftime('%s', 'now') AS INTEGER) * 1000000)"),
                               {version}));
            return {};
        }));
        m_schemaVersion = version;
    }
    return {};
}

}  // namespace devcoll::app
