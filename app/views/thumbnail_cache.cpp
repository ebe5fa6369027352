#include "views/thumbnail_cache.h"

#include <QBuffer>
#include <QDateTime>
#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent/QtConcurrentRun>

#include "net/media_download.h"
#include "store/replica_thumbnails.h"

namespace devcoll::app {

namespace {

constexpr int kKeptPixmaps = 300;  // decoded in memory: several screens of posts
constexpr int kWorkers = 2;
// At most this many wait for a worker: scrolling fast leaves no backlog of pictures gone by.
constexpr qsizetype kMaxFetching = 24;
// Decoded at twice the size drawn (96 px), for high-DPI screens.
constexpr int kDecodedSize = 192;
// A thumbnail declaring more pixels than this is refused before it is decoded (memory).
constexpr int kMaxDimension = 4096;
// A picture that could not be fetched is asked for again after this long (or on F5).
constexpr qint64 kRetryAfterMs = 30'000;

// Decodes once, straight at the size drawn; null for what is not an image or is too large.
QImage decodeThumbnail(const QByteArray& bytes) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > kMaxDimension || size.height() > kMaxDimension) return {};
    if (size.width() > kDecodedSize && size.height() > kDecodedSize) {
        reader.setScaledSize(size.scaled(kDecodedSize, kDecodedSize, Qt::KeepAspectRatioByExpanding));
    }
    return reader.read();
}

// The thumbnail from the replica, or from the server into the replica; decoded and scaled.
// Runs on a worker thread: it waits for the store thread and the network.
QImage fetchThumbnail(LocalStore& store, const std::shared_ptr<grpc::Channel>& channel, const AccessTokenSource& tokens,
                      const QString& mediaId, const std::shared_ptr<std::atomic<bool>>& closing) {
    auto kept =
        store.run<std::optional<QByteArray>>([mediaId](ReplicaDatabase& db) { return thumbnailOf(db, mediaId); });
    kept.waitForFinished();
    if (const Result<std::optional<QByteArray>> found = kept.result(); found.ok() && found->has_value()) {
        return decodeThumbnail(**found);
    }
    if (*closing) return {};  // the window is letting go of the account: no new download
    const Result<DownloadedThumbnail> downloaded =
        downloadThumbnail(channel, tokens ? tokens() : std::string(), mediaId);
    if (!downloaded.ok()) return {};
    QImage image = decodeThumbnail(downloaded->bytes);
    if (image.isNull()) return {};  // not an image, or too large: not kept either
    auto saved = store.run<void>(
        [mediaId, d = *downloaded](ReplicaDatabase& db) { return keepThumbnail(db, mediaId, d.contentType, d.bytes); });
    saved.waitForFinished();
    return image;
}

}  // namespace

ThumbnailCache::ThumbnailCache(AccountReplica& replica, QObject* parent)
    : QObject(parent), m_replica(replica), m_pixmaps(kKeptPixmaps) {
    m_workers.setMaxThreadCount(kWorkers);
}

ThumbnailCache::~ThumbnailCache() {
    // The workers use the replica's store, which outlives this cache (the window deletes its
    // pages before the replica closes). Waiting jobs are dropped; running ones start no download.
    *m_closing = true;
    m_workers.clear();
    m_workers.waitForDone();
}

QPixmap ThumbnailCache::thumbnail(const QString& mediaId) {
    if (const QPixmap* kept = m_pixmaps.object(mediaId)) return *kept;
    if (mediaId.isEmpty() || m_fetching.contains(mediaId) || m_missing.contains(mediaId)) return {};
    if (m_fetching.size() >= kMaxFetching) return {};  // asked again when painted again
    m_fetching.insert(mediaId);
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, mediaId] {
        watcher->deleteLater();
        fetched(mediaId, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, fetchThumbnail, std::ref(m_replica.store()), m_replica.channel(),
                                         m_replica.tokens(), mediaId, m_closing));
    return {};
}

void ThumbnailCache::retryMissing(bool all) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_missing.removeIf([&](const auto& failed) { return all || now - failed.value() >= kRetryAfterMs; });
}

void ThumbnailCache::fetched(const QString& mediaId, const QImage& image) {
    m_fetching.remove(mediaId);
    if (image.isNull()) {
        m_missing.insert(mediaId, QDateTime::currentMSecsSinceEpoch());
        return;
    }
    m_pixmaps.insert(mediaId, new QPixmap(QPixmap::fromImage(image)));
    emit arrived(mediaId);
}

}  // namespace devcoll::app
