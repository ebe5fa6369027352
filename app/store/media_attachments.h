#pragma once
// Images the user attaches, also offline. attachMedia() keeps the file's bytes in the replica
// and queues its upload (ActionKind::UploadMedia) in one transaction; a post that uses the
// image is queued after it, so the upload goes first. The upload is resumable: the media id is
// chosen here (UUIDv7), and after an interruption the sender asks the server how much it holds
// and sends the rest. The bytes leave the replica once the server confirms the upload.
#include <QByteArray>
#include <QString>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

// As the server takes them (server/media): JPEG, PNG, WebP or GIF, at most 16 MiB.
inline constexpr qint64 kMaxAttachmentBytes = 16 * 1024 * 1024;

// The media id of the attached file. InvalidArgument (naming the problem) for a file that is
// empty, too large or not one of the image types; NotFound when it cannot be read.
Result<QString> attachMedia(ReplicaDatabase& db, const QString& accountId, const QString& filePath);

// Up to `length` bytes of a waiting upload from `offset`; empty past its end.
Result<QByteArray> attachmentBytes(ReplicaDatabase& db, const QString& mediaId, qint64 offset, qint64 length);

}  // namespace devcoll::app
