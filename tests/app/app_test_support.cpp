#include "app_test_support.h"

#include <QDir>
#include <QStandardPaths>

// Q_INIT_RESOURCE declares the loader where it is used: it must be used outside any namespace.
static void loadAppResources() { Q_INIT_RESOURCE(devcoll); }

namespace devcoll::test {

void useWindowTestEnvironment() {
    loadAppResources();
    QStandardPaths::setTestModeEnabled(true);
}

void removeTestReplicas() {
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/replicas"))
        .removeRecursively();
}

app::SyncEngineSettings quickSyncSettings() {
    app::SyncEngineSettings settings;
    settings.download.firstRetry = settings.upload.firstRetry = std::chrono::milliseconds(100);
    settings.download.maxRetry = settings.upload.maxRetry = std::chrono::milliseconds(400);
    return settings;
}

bool settled(const app::SyncEngine& engine) {
    const app::SyncStatus& s = engine.status();
    return s.phase == app::SyncPhase::UpToDate && s.pendingActions == 0;
}

QStringList replicaRows(app::LocalStore& store) {
    return onStore<QStringList>(store, [](app::ReplicaDatabase& db) -> Result<QStringList> {
        QStringList lines;
        const QStringList queries = {
            QStringLiteral("SELECT 'post', id, author_id, body, visibility, media_ids, version FROM posts"),
            QStringLiteral("SELECT 'comment', id, post_id, author_id, body, version FROM comments"),
            QStringLiteral("SELECT 'like', post_id, user_id FROM likes"),
            QStringLiteral("SELECT 'follow', follower_id, followee_id FROM follows"),
            QStringLiteral("SELECT 'profile', id, username, display_name, bio, version FROM profiles"),
        };
        for (const QString& query : queries) {
            DEVCOLL_TRY(auto rows, db.select(query));
            for (const QVariantList& r : rows) {
                QStringList fields;
                for (const QVariant& v : r) fields << v.toString();
                lines << fields.join(QLatin1Char('|'));
            }
        }
        lines.sort();
        return lines;
    });
}

}  // namespace devcoll::test
