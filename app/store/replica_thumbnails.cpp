#include "store/replica_thumbnails.h"

#include <QDateTime>

namespace devcoll::app {

Result<std::optional<QByteArray>> thumbnailOf(ReplicaDatabase& db, const QString& mediaId) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT bytes FROM thumbnails WHERE media_id = ?"), {mediaId}));
    if (rows.isEmpty()) return std::optional<QByteArray>();
    return std::optional<QByteArray>(rows.first().first().toByteArray());
}

Status keepThumbnail(ReplicaDatabase& db, const QString& mediaId, const QString& contentType, const QByteArray& bytes) {
    DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO thumbnails (media_id, content_type, bytes, fetched_at) "
                                         "VALUES (?, ?, ?, ?) ON CONFLICT (media_id) DO UPDATE SET "
                                         "content_type = excluded.content_type, bytes = excluded.bytes, "
                                         "fetched_at = excluded.fetched_at"),
                          {mediaId, contentType, bytes, QDateTime::currentMSecsSinceEpoch() * 1000}));
    return {};
}

}  // namespace devcoll::app
