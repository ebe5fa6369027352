#include "store/replica_location.h"

#include <QDir>
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

}  // namespace devcoll::app
