#include "store/media_attachments.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

#include "devcoll/ids.h"
#include "devcoll/media/v1/media.pb.h"
#include "store/pending_actions.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace mv1 = devcoll::media::v1;

constexpr qsizetype kMaxFileName = 255;
// What the server accepts (server/media/image_inspector.cpp); it sniffs again.
const QStringList kImageTypes = {QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
                                 QStringLiteral("image/webp"), QStringLiteral("image/gif")};

// The server refuses names with folders or control characters (a Linux file name may hold a
// backslash or a newline): those become '_'; what is left of a name is at most 255 characters.
QString displayName(const QString& fileName, const QString& contentType) {
    QString name;
    for (const QChar c : fileName)
        name += (c == QLatin1Char('/') || c == QLatin1Char('\\') || c.category() == QChar::Other_Control)
                    ? QLatin1Char('_')
                    : c;
    name = name.trimmed().right(kMaxFileName);
    if (name.isEmpty()) name = QStringLiteral("image.") + contentType.section(QLatin1Char('/'), 1);
    return name;
}

}  // namespace

Result<PreparedAttachment> prepareAttachment(const QString& filePath) {
    const QFileInfo info(filePath);
    if (!info.isFile()) return makeError(ErrorCode::NotFound, "no such file: " + filePath.toStdString());
    if (info.size() == 0) return invalidArgument("file", "is empty");
    if (info.size() > kMaxAttachmentBytes) return invalidArgument("file", "is larger than 16 MiB");
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound,
                         "cannot read " + filePath.toStdString() + ": " + file.errorString().toStdString());
    }
    PreparedAttachment attachment;
    attachment.bytes = file.read(kMaxAttachmentBytes + 1);
    if (attachment.bytes.size() != info.size()) {
        return makeError(ErrorCode::Unavailable, "the file changed while being read");
    }
    attachment.contentType = QMimeDatabase().mimeTypeForData(attachment.bytes).name();
    if (!kImageTypes.contains(attachment.contentType)) {
        return invalidArgument("file", "is " + attachment.contentType.toStdString() +
                                           "; only JPEG, PNG, WebP and GIF images can be attached");
    }
    attachment.fileName = displayName(info.fileName(), attachment.contentType);
    attachment.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(attachment.bytes, QCryptographicHash::Sha256).toHex());
    return attachment;
}

Result<QString> attachMedia(ReplicaDatabase& db, const QString& accountId, const PreparedAttachment& attachment) {
    const qint64 size = attachment.bytes.size();
    if (size == 0 || size > kMaxAttachmentBytes) return invalidArgument("file", "must hold 1 byte to 16 MiB");
    const QString id = QString::fromStdString(newUuidV7());
    mv1::UploadMetadata metadata;
    metadata.set_media_id(id.toStdString());
    metadata.set_file_name(attachment.fileName.toStdString());
    metadata.set_declared_content_type(attachment.contentType.toStdString());
    metadata.set_total_size(size);
    metadata.set_sha256(attachment.sha256.toStdString());
    sv1::Change gone;
    gone.set_kind(sv1::ENTITY_KIND_MEDIA);
    gone.set_entity_id(id.toStdString());
    gone.set_tombstone(true);
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO media (id, owner_id, content_type, size_bytes, sha256, "
                                             "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, 0, 1)"),
                              {id, accountId, attachment.contentType, size, attachment.sha256,
                               QDateTime::currentMSecsSinceEpoch() * 1000}));
        for (qint64 at = 0, idx = 0; at < size; at += kAttachmentChunkBytes, ++idx) {
            DEVCOLL_CHECK(
                db.exec(QStringLiteral("INSERT INTO media_upload_chunks (media_id, idx, bytes) VALUES (?, ?, ?)"),
                        {id, idx, attachment.bytes.mid(at, kAttachmentChunkBytes)}));
        }
        return enqueueAction(db, ActionKind::UploadMedia, sv1::ENTITY_KIND_MEDIA, id, metadata, gone);
    }));
    return id;
}

Result<QByteArray> attachmentBytes(ReplicaDatabase& db, const QString& mediaId, qint64 offset, qint64 length) {
    const qint64 idx = offset / kAttachmentChunkBytes;
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT bytes FROM media_upload_chunks WHERE media_id = ? AND idx = ?"),
                          {mediaId, idx}));
    if (rows.isEmpty()) {
        DEVCOLL_TRY(auto any, db.select(QStringLiteral("SELECT 1 FROM media_upload_chunks WHERE media_id = ? LIMIT 1"),
                                        {mediaId}));
        if (any.isEmpty()) return makeError(ErrorCode::NotFound, "the image to upload is no longer on this device");
        return QByteArray();  // past the end
    }
    return rows.first()[0].toByteArray().mid(offset - idx * kAttachmentChunkBytes, length);
}

}  // namespace devcoll::app
