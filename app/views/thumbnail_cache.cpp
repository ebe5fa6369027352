#include "views/thumbnail_cache.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "net/media_download.h"
#include "store/replica_thumbnails.h"

namespace devcoll::app {

namespace {

constexpr int kKeptPixmaps = 300;  // decoded in memory: several screens of posts
constexpr int kWorkers = 2;
// Decoded at twice the size drawn (96 px), for high-DPI screens.
constexpr int kDecodedSize = 192;

// The thumbnail from the replica, or from the server into the replica; decoded and scaled.
// Runs on a worker thread: it waits for the store thread and the network.
QImage fetchThumbnail(LocalStore& store, const std::shared_ptr<grpc::Channel>& channel, const AccessTokenSource& tokens,
                      const QString& mediaId) {
    auto kept =
        store.run<std::optional<QByteArray>>([mediaId](ReplicaDatabase& db) { return thumbnailOf(db, mediaId); });
    kept.waitForFinished();
    QByteArray bytes;
    if (const Result<std::optional<QByteArray>> found = kept.result(); found.ok() && found->has_value()) {
        bytes = **found;
    } else {
        const Result<DownloadedThumbnail> downloaded =
            downloadThumbnail(channel, tokens ? tokens() : std::string(), mediaId);
        if (!downloaded.ok()) return {};
        QImage check;
        if (!check.loadFromData(downloaded->bytes)) return {};  // not an image: not kept either
        auto saved = store.run<void>([mediaId, d = *downloaded](ReplicaDatabase& db) {
            return keepThumbnail(db, mediaId, d.contentType, d.bytes);
        });
        saved.waitForFinished();
        bytes = downloaded->bytes;
    }
    QImage image;
    if (!image.loadFromData(bytes)) return {};
    if (image.width() > kDecodedSize || image.height() > kDecodedSize) {
        image = image.scaled(kDecodedSize, kDecodedSize, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    }
    return image;
}

}  // namespace

ThumbnailCache::ThumbnailCache(AccountReplica& replica, QObject* parent)
    : QObject(parent), m_replica(replica), m_pixmaps(kKeptPixmaps) {
    m_workers.setMaxThreadCount(kWorkers);
}

ThumbnailCache::~ThumbnailCache() {
    // The workers use the replica's store, which outlives this cache (the window's pages go first).
    m_workers.clear();
    m_workers.waitForDone();
}

QPixmap ThumbnailCache::thumbnail(const QString& mediaId) {
    if (const QPixmap* kept = m_pixmaps.object(mediaId)) return *kept;
    if (mediaId.isEmpty() || m_fetching.contains(mediaId) || m_missing.contains(mediaId)) return {};
    m_fetching.insert(mediaId);
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, mediaId] {
        watcher->deleteLater();
        fetched(mediaId, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, fetchThumbnail, std::ref(m_replica.store()), m_replica.channel(),
                                         m_replica.tokens(), mediaId));
    return {};
}

void ThumbnailCache::retryMissing() { m_missing.clear(); }

void ThumbnailCache::fetched(const QString& mediaId, const QImage& image) {
    m_fetching.remove(mediaId);
    if (image.isNull()) {
        m_missing.insert(mediaId);
        return;
    }
    m_pixmaps.insert(mediaId, new QPixmap(QPixmap::fromImage(image)));
    emit arrived(mediaId);
}

}  // namespace devcoll::app
