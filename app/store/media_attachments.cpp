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

}  // namespace

Result<QString> attachMedia(ReplicaDatabase& db, const QString& accountId, const QString& filePath) {
    const QFileInfo info(filePath);
    if (!info.isFile()) return makeError(ErrorCode::NotFound, "no such file: " + filePath.toStdString());
    if (info.size() == 0) return invalidArgument("file", "is empty");
    if (info.size() > kMaxAttachmentBytes) return invalidArgument("file", "is larger than 16 MiB");
    QString fileName = info.fileName();
    if (fileName.size() > kMaxFileName) fileName = fileName.right(kMaxFileName);
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound,
                         "cannot read " + filePath.toStdString() + ": " + file.errorString().toStdString());
    }
    const QByteArray bytes = file.read(kMaxAttachmentBytes + 1);
    if (bytes.size() != info.size()) return makeError(ErrorCode::Unavailable, "the file changed while being read");
    const QString type = QMimeDatabase().mimeTypeForData(bytes).name();
    if (!kImageTypes.contains(type)) {
        return invalidArgument("file",
                               "is " + type.toStdString() + "; only JPEG, PNG, WebP and GIF images can be attached");
    }
    const QString sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const QString id = QString::fromStdString(newUuidV7());
    mv1::UploadMetadata metadata;
    metadata.set_media_id(id.toStdString());
    metadata.set_file_name(fileName.toStdString());
    metadata.set_declared_content_type(type.toStdString());
    metadata.set_total_size(bytes.size());
    metadata.set_sha256(sha256.toStdString());
    sv1::Change gone;
    gone.set_kind(sv1::ENTITY_KIND_MEDIA);
    gone.set_entity_id(id.toStdString());
    gone.set_tombstone(true);
    DEVCOLL_CHECK(db.transact([&]() -> Status {
        DEVCOLL_CHECK(db.exec(QStringLiteral("INSERT INTO media (id, owner_id, content_type, size_bytes, sha256, "
                                             "created_at, version, pending) VALUES (?, ?, ?, ?, ?, ?, 0, 1)"),
                              {id, accountId, type, bytes.size(), sha256, QDateTime::currentMSecsSinceEpoch() * 1000}));
        DEVCOLL_CHECK(
            db.exec(QStringLiteral("INSERT INTO media_uploads (media_id, bytes) VALUES (?, ?)"), {id, bytes}));
        return enqueueAction(db, ActionKind::UploadMedia, sv1::ENTITY_KIND_MEDIA, id, metadata, gone);
    }));
    return id;
}

Result<QByteArray> attachmentBytes(ReplicaDatabase& db, const QString& mediaId, qint64 offset, qint64 length) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT substr(bytes, ?, ?) FROM media_uploads WHERE media_id = ?"),
                                     {offset + 1, length, mediaId}));
    if (rows.isEmpty()) return makeError(ErrorCode::NotFound, "the image to upload is no longer on this device");
    return rows.first()[0].toByteArray();
}

}  // namespace devcoll::app
