#include "store/replica_location.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUuid>

namespace devcoll::app {

Result<QString> replicaPath(const ServerAddress& server, const QString& accountId) {
    if (QUuid::fromString(accountId).isNull()) return invalidArgument("account_id", "must be a UUID");
    // "[::1]:50051" and "example.org:443" as folder names that every file system takes.
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9.-]"));
    QString serverFolder = server.toString();
    serverFolder.replace(unsafe, QStringLiteral("_"));
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/replicas/") + serverFolder;
    if (!QDir().mkpath(folder)) {
        return makeError(ErrorCode::Unavailable, "cannot make the folder " + folder.toStdString());
    }
    return folder + QLatin1Char('/') + QUuid::fromString(accountId).toString(QUuid::WithoutBraces) +
           QStringLiteral(".sqlite");
}

Status removeReplica(const ServerAddress& server, const QString& accountId) {
    const Result<QString> path = replicaPath(server, accountId);
    if (!path.ok()) return path.error();
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        QFile file(*path + suffix);
        if (file.exists() && !file.remove()) {
            return makeError(ErrorCode::Unavailable, "cannot delete " + file.fileName().toStdString() + ": " +
                                                         file.errorString().toStdString());
        }
    }
    return {};
}

}  // namespace devcoll::app
