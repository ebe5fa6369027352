#pragma once
// Downloads a post image's thumbnail from the media service (DownloadMedia, VARIANT_THUMBNAIL),
// for the replica to keep. Blocks: the caller runs it off the GUI thread.
#include <grpcpp/grpcpp.h>

#include <QByteArray>
#include <QString>

#include <memory>
#include <string>

#include "devcoll/result.h"

namespace devcoll::app {

struct DownloadedThumbnail final {
    QString contentType;
    QByteArray bytes;
};

// A thumbnail larger than this is refused (the server makes them a few dozen KiB).
inline constexpr qint64 kMaxThumbnailBytes = 2 * 1024 * 1024;

Result<DownloadedThumbnail> downloadThumbnail(const std::shared_ptr<grpc::Channel>& channel,
                                              const std::string& accessToken, const QString& mediaId);

}  // namespace devcoll::app
