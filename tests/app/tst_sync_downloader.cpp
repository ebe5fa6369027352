// The download half of the app's sync engine against a real devcoll-server: a new replica takes
// a snapshot and then stays live on the stream; stopping and starting again loses nothing and
// doubles nothing; a server that goes away makes it Offline, and it comes back by itself.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "server/test_server.h"
#include "store/local_store.h"
#include "store/replica_changes.h"
#include "store/replica_reads.h"
#include "store/replica_state.h"
#include "sync/sync_downloader.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

class TestSyncDownloader final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_dir;
    TestUser m_alice;
    TestUser m_bob;

    // The ids in alice's home feed, newest first, as her replica holds it.
    QStringList feedOf(LocalStore& store) {
        const QString me = QString::fromStdString(m_alice.id);
        auto read = store.run<QList<PostRow>>([me](ReplicaDatabase& db) { return homeFeed(db, me, {}, 1000); });
        read.waitForFinished();
        QStringList ids;
        if (!read.result().ok()) return {QStringLiteral("<error>")};
        for (const PostRow& p : *read.result()) ids << p.id;
        return ids;
    }

    int searchFor(LocalStore& store, const QString& query) {
        const QString me = QString::fromStdString(m_alice.id);
        auto read =
            store.run<QList<PostRow>>([me, query](ReplicaDatabase& db) { return searchPosts(db, me, query, 100); });
        read.waitForFinished();
        return read.result().ok() ? static_cast<int>(read.result()->size()) : -1;
    }

    std::unique_ptr<SyncDownloader> downloaderFor(LocalStore& store) {
        DownloadSettings settings;
        settings.pageSize = 10;  // several pages for a few dozen posts
        settings.firstRetry = std::chrono::milliseconds(100);
        settings.maxRetry = std::chrono::milliseconds(400);
        const std::string token = m_alice.accessToken;
        return std::make_unique<SyncDownloader>(
            store, m_server->channel(), [token] { return token; }, settings);
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_alice = m_server->newUser("dl_alice");
        m_bob = m_server->newUser("dl_bob");
        QVERIFY(m_server->follow(m_alice, m_bob));
        for (int i = 0; i < 30; ++i) QVERIFY(!m_server->createPost(m_bob, "before " + std::to_string(i)).id().empty());
    }

    void aNewReplicaTakesASnapshotThenStaysLive() {
        LocalStore store(m_dir.filePath("alice.db"));
        auto downloader = downloaderFor(store);
        QSignalSpy progress(downloader.get(), &SyncDownloader::snapshotProgress);
        QSignalSpy upToDate(downloader.get(), &SyncDownloader::upToDate);
        downloader->start();
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Live, 15000);
        QTRY_VERIFY(!upToDate.isEmpty());
        // Events reach sync a moment after the posts: the last ones may come through the stream.
        QTRY_COMPARE(feedOf(store).size(), 30);
        QVERIFY(progress.size() >= 1);
        // The snapshot's posts become searchable in the background.
        QTRY_COMPARE(searchFor(store, QStringLiteral("before")), 30);

        const auto live = m_server->createPost(m_bob, "written while alice's app is open");
        QTRY_VERIFY(feedOf(store).contains(QString::fromStdString(live.id())));
        QCOMPARE(feedOf(store).first(), QString::fromStdString(live.id()));
        downloader->stop();
        QCOMPARE(downloader->state(), DownloadState::Stopped);
    }

    void aPostFromBeforeTheSnapshotThatIsGoneSinceDoesNotLinger() {
        // A replica that holds a post without a cursor: as after a crash between the first
        // screen and the end of the snapshot, when the post was deleted meanwhile.
        LocalStore store(m_dir.filePath("seeded.db"));
        const std::string stale = "01938a6e-7b1c-7cc0-8000-0000000000aa";
        sync::v1::Change change;
        change.set_kind(sync::v1::ENTITY_KIND_POST);
        change.set_entity_id(stale);
        change.set_version(1);
        change.mutable_post()->set_id(stale);
        change.mutable_post()->set_author_id(m_alice.id);  // her own: in her feed without follows
        change.mutable_post()->set_body("deleted on the server since");
        auto seeded = store.run<void>([change](ReplicaDatabase& db) {
            return applySyncPage(db, SyncPage{{}, {change}, {}});
        });
        seeded.waitForFinished();
        QVERIFY(seeded.result().ok());
        QVERIFY(feedOf(store).contains(QString::fromStdString(stale)));

        auto downloader = downloaderFor(store);
        downloader->start();
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Live, 15000);
        QVERIFY(!feedOf(store).contains(QString::fromStdString(stale)));
        QCOMPARE(feedOf(store).size(), 31);
    }

    void aCursorTheServerCannotReadMeansANewSnapshot() {
        LocalStore store(m_dir.filePath("foreign.db"));
        auto written = store.run<void>(
            [](ReplicaDatabase& db) { return setState(db, StateKey::Cursor, QStringLiteral("not-a-cursor")); });
        written.waitForFinished();
        QVERIFY(written.result().ok());
        auto downloader = downloaderFor(store);
        downloader->start();
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Live, 15000);
        QTRY_VERIFY(feedOf(store).size() >= 30);
    }

    void stoppingAndStartingLosesNothingAndDoublesNothing() {
        LocalStore store(m_dir.filePath("alice.db"));  // the replica of the test before
        const int before = static_cast<int>(feedOf(store).size());
        QCOMPARE(before, 31);
        QStringList written;
        for (int i = 0; i < 5; ++i) written << QString::fromStdString(m_server->createPost(m_bob, "while away").id());
        auto downloader = downloaderFor(store);
        downloader->start();
        QTRY_COMPARE(feedOf(store).size(), before + 5);
        for (const QString& id : written) QVERIFY(feedOf(store).contains(id));
        const QStringList feed = feedOf(store);
        QCOMPARE(QSet<QString>(feed.begin(), feed.end()).size(), feed.size());
    }

    void aServerThatGoesAwayMeansOfflineUntilItIsBack() {
        LocalStore store(m_dir.filePath("alice.db"));
        auto downloader = downloaderFor(store);
        QSignalSpy failures(downloader.get(), &SyncDownloader::failed);
        downloader->start();
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Live, 15000);

        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Offline, 15000);
        QVERIFY(!failures.isEmpty());
        // The replica still answers while offline.
        QVERIFY(feedOf(store).size() >= 36);

        QVERIFY(m_server->start());
        QTRY_COMPARE_WITH_TIMEOUT(downloader->state(), DownloadState::Live, 15000);
        const auto after = m_server->createPost(m_bob, "after the server came back");
        QTRY_VERIFY(feedOf(store).contains(QString::fromStdString(after.id())));
    }
};

QTEST_GUILESS_MAIN(TestSyncDownloader)
#include "tst_sync_downloader.moc"
