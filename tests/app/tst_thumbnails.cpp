// Post images in the app: a thumbnail not in the replica is downloaded from the media service
// (the thumbnail variant), kept in the replica, and then drawn from there also with the server
// gone; a media id the server does not know gives no picture and is not asked again until a retry.
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "app_test_support.h"
#include "server/media/media_client.h"
#include "server/test_server.h"
#include "store/replica_thumbnails.h"
#include "sync/account_replica.h"
#include "views/thumbnail_cache.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

std::string pngOf(int width, int height, QColor colour) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toStdString();
}

}  // namespace

class TestThumbnails final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("tst_thumbnails"));
    }
    void cleanupTestCase() {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void downloadedOnceKeptForOffline() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser me = server.newUser("thumbs_me");
        const UploadOutcome upload = uploadMedia(server, me, pngOf(800, 600, QColor(0x22, 0x88, 0x44)));
        QVERIFY2(upload.status.ok(), upload.status.error_message().c_str());
        const QString mediaId = QString::fromStdString(upload.media.id());

        const ServerAddress address{QStringLiteral("127.0.0.1"), 5};
        const std::string token = me.accessToken;
        auto replica =
            AccountReplica::open(address, QString::fromStdString(me.id), server.channel(), [token] { return token; });
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());
        {
            ThumbnailCache cache(**replica);
            QSignalSpy arrived(&cache, &ThumbnailCache::arrived);
            QVERIFY(cache.thumbnail(mediaId).isNull());
            // The server makes the thumbnail after the upload: asked again until it is there.
            QVERIFY(QTest::qWaitFor(
                [&] {
                    cache.retryMissing();
                    return !cache.thumbnail(mediaId).isNull();
                },
                20'000));
            const QPixmap pixmap = cache.thumbnail(mediaId);
            QVERIFY2(qMin(pixmap.width(), pixmap.height()) <= 192 && pixmap.width() < 800,
                     "decoded at the size drawn, not the original");
            const QColor centre = pixmap.toImage().pixelColor(pixmap.width() / 2, pixmap.height() / 2);
            QVERIFY2(qAbs(centre.green() - 0x88) < 16 && qAbs(centre.red() - 0x22) < 16, qPrintable(centre.name()));
            QVERIFY(arrived.count() >= 1);
            QCOMPARE(arrived.last().first().toString(), mediaId);
        }
        const auto kept = onStore<std::optional<QByteArray>>(
            (*replica)->store(), [mediaId](ReplicaDatabase& db) { return thumbnailOf(db, mediaId); });
        QVERIFY2(kept && !kept->isEmpty(), "the replica keeps the thumbnail");

        // Offline: from the replica.
        server.stop();
        ThumbnailCache offline(**replica);
        QSignalSpy arrived(&offline, &ThumbnailCache::arrived);
        QVERIFY(offline.thumbnail(mediaId).isNull());
        QTRY_COMPARE(arrived.count(), 1);
        QVERIFY(!offline.thumbnail(mediaId).isNull());
        QVERIFY(server.start());
    }

    void unknownMediaIsNotAskedForAgain() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser me = server.newUser("thumbs_unknown");
        const ServerAddress address{QStringLiteral("127.0.0.1"), 5};
        const std::string token = me.accessToken;
        auto replica =
            AccountReplica::open(address, QString::fromStdString(me.id), server.channel(), [token] { return token; });
        QVERIFY(replica.ok());
        ThumbnailCache cache(**replica);
        QSignalSpy arrived(&cache, &ThumbnailCache::arrived);
        const QString unknown = QStringLiteral("0b9e6a4e-5f0e-4d7c-9a53-3c2f7f0d2b11");
        QVERIFY(cache.thumbnail(unknown).isNull());
        // Settled as missing: no second download while the first one's answer stands.
        QVERIFY(QTest::qWaitFor([&] { return cache.isMissing(unknown); }, 10'000));
        QVERIFY(cache.thumbnail(unknown).isNull());
        QVERIFY(!cache.isFetching(unknown));
        QCOMPARE(arrived.count(), 0);
    }
};

QTEST_MAIN(TestThumbnails)
#include "tst_thumbnails.moc"
