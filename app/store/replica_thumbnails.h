#pragma once
// The thumbnails of the images posts carry, fetched once from the server and kept in the
// replica, so that a feed read offline shows its pictures.
#include <QByteArray>
#include <QString>

#include <optional>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

// The encoded image (JPEG, PNG or WebP, as the server made it); nullopt when not fetched yet.
Result<std::optional<QByteArray>> thumbnailOf(ReplicaDatabase& db, const QString& mediaId);
Status keepThumbnail(ReplicaDatabase& db, const QString& mediaId, const QString& contentType, const QByteArray& bytes);

}  // namespace devcoll::app
