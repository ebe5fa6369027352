#pragma once
// Images the user attaches, also offline. prepareAttachment() reads and checks the file (off
// the store thread: it may be large); attachMedia() keeps its bytes in the replica and queues
// its upload (ActionKind::UploadMedia) in one transaction. A post that uses the image is queued
// after it, so the upload goes first, and fails with it if the upload fails for good. The
// upload is resumable: the media id is chosen here (UUIDv7), and after an interruption the
// sender asks the server how much it holds and sends the rest. The bytes leave the replica once
// the server confirms the upload.
#include <QByteArray>
#include <QString>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

// As the server takes them (server/media): JPEG, PNG, WebP or GIF, at most 16 MiB.
inline constexpr qint64 kMaxAttachmentBytes = 16 * 1024 * 1024;
// The pieces the bytes are kept and sent in (the server's largest chunk).
inline constexpr qint64 kAttachmentChunkBytes = 1024 * 1024;

struct PreparedAttachment final {
    QString fileName;  // without folders or characters the server refuses
    QString contentType;
    QByteArray bytes;
    QString sha256;  // lower-case hex
};

// The file, read and checked: InvalidArgument (naming the problem) for one that is empty, too
// large or not one of the image types; NotFound when it cannot be read.
Result<PreparedAttachment> prepareAttachment(const QString& filePath);

// The media id of the attached image.
Result<QString> attachMedia(ReplicaDatabase& db, const QString& accountId, const PreparedAttachment& attachment);

// Up to `length` bytes of a waiting upload from `offset` (at most to the end of the piece that
// holds `offset`); empty past its end, NotFound when the upload's bytes are gone.
Result<QByteArray> attachmentBytes(ReplicaDatabase& db, const QString& mediaId, qint64 offset, qint64 length);

}  // namespace devcoll::app
