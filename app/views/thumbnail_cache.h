#pragma once
// ThumbnailCache: the pictures in the feed. A post's images are drawn from their thumbnails:
// from memory when painted before, else from the replica (kept for reading offline), else from
// the server (DownloadMedia, the thumbnail variant), which the replica then keeps. Reading,
// downloading and decoding happen on the cache's own worker threads, never on the GUI thread;
// `arrived` tells the lists to paint again.
#include <QCache>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

#include "sync/account_replica.h"

namespace devcoll::app {

class ThumbnailCache final : public QObject {
    Q_OBJECT

public:
    explicit ThumbnailCache(AccountReplica& replica, QObject* parent = nullptr);
    ~ThumbnailCache() override;

    // The thumbnail when it is here; otherwise a null pixmap, and it is fetched.
    QPixmap thumbnail(const QString& mediaId);
    // Images that could not be fetched (offline, not uploaded yet) are tried again: those that
    // failed a while ago, or all of them (F5).
    void retryMissing(bool all = true);
    bool isFetching(const QString& mediaId) const { return m_fetching.contains(mediaId); }
    bool isMissing(const QString& mediaId) const { return m_missing.contains(mediaId); }

signals:
    void arrived(const QString& mediaId);

private:
    void fetched(const QString& mediaId, const QImage& image);

    AccountReplica& m_replica;
    QThreadPool m_workers;  // its own: a slow server must not hold up the app's other work
    QCache<QString, QPixmap> m_pixmaps;
    QSet<QString> m_fetching;
    QHash<QString, qint64> m_missing;  // when each failed, ms since the epoch
    std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace devcoll::app
