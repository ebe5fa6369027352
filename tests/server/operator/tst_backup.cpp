// `devcoll-server admin backup` and `restore`: a backup taken while the server takes writes is
// one moment of every service (no consumer ahead of its producer, nothing half-delivered), and
// restoring it into an empty data directory gives a server with the same data: accounts that
// log in with their passwords, posts, the feed, search, media bytes, hidden posts and the audit
// log. Bad targets and damaged backups are refused with nothing written. On PostgreSQL the
// command points to pg_dump.
#include <QTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "data_backup.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/search/v1/search.grpc.pb.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace fs = std::filesystem;
namespace dv1 = devcoll::moderation::v1;

namespace {

const BackupProgress quiet = [](const std::string&) {};

std::set<std::string> ids(storage::Database* db, const std::string& sql) {
    std::set<std::string> out;
    auto rows = db->read([&](storage::Tx& tx) { return tx.exec(sql); });
    if (!rows.ok()) return {"ERROR " + rows.error().message};
    for (const auto& r : *rows) out.insert(r.text(0));
    return out;
}

}  // namespace

class TestBackup final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_scratch;

private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void onPostgresTheCommandPointsToPgDump() {
        if (!m_server->postgres()) return;  // the SQLite run checks the backup itself
        const Status refused = backUp(m_server->config(), m_scratch.filePath("pg").toStdString(), quiet);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("pg_dump") != std::string::npos, refused.error().message.c_str());
        QVERIFY(!fs::exists(m_scratch.filePath("pg").toStdString()));
    }

    void aBackupTakenUnderWritesRestoresTheSameData() {
        if (m_server->postgres()) return;
        TestUser ada = m_server->newUser("ada");
        TestUser grace = m_server->newUser("grace");
        QVERIFY(m_server->follow(grace, ada));
        const UploadOutcome picture = uploadMedia(*m_server, ada, encodedImage(64, 48, ".png"));
        QVERIFY2(picture.status.ok(), qPrintable(describe(picture.status)));
        post::v1::CreatePostRequest withPicture;
        withPicture.set_body("kept with its picture");
        withPicture.add_media_ids(picture.media.id());
        post::v1::CreatePostResponse created;
        QVERIFY(m_server->posts().CreatePost(TestServer::as(ada).get(), withPicture, &created).ok());
        const std::string hiddenId = m_server->createPost(ada, "to be hidden").id();
        TestUser moderator = m_server->newUserWithRole("mod", "moderator");
        auto moderation = dv1::ModerationService::NewStub(m_server->channel());
        dv1::HidePostRequest hide;
        hide.set_post_id(hiddenId);
        hide.set_reason("spam");
        dv1::HidePostResponse hidden;
        QVERIFY(moderation->HidePost(TestServer::as(moderator).get(), hide, &hidden).ok());

        // Writes go on while the backup runs.
        std::atomic<bool> writing{true};
        std::atomic<int> written{0};
        std::thread writer([&] {
            while (writing) {
                if (!m_server->createPost(ada, "written during the backup " + std::to_string(written)).id().empty())
                    ++written;
            }
        });
        const fs::path backup = m_scratch.filePath("backup").toStdString();
        const bool started = QTest::qWaitFor([&] { return written >= 20; }, 10000);
        std::vector<std::string> steps;
        const Status done = backUp(m_server->config(), backup, [&](const std::string& s) { steps.push_back(s); });
        const int before = written;
        const bool wentOn = QTest::qWaitFor([&] { return written >= before + 20; }, 10000);
        writing = false;
        writer.join();  // before any check can return
        QVERIFY(started && wentOn);
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().message.c_str());
        QVERIFY(steps.size() >= 9);  // the snapshot, seven databases, keys, media
        QCOMPARE(fs::status(backup / "auth.db").permissions() & fs::perms::others_read, fs::perms::none);

        // Restore into a new server's empty data dir and start it there.
        Config config = TestServer::defaultConfig();
        TestServer restored(config, false);
        Config target = restored.config();
        QVERIFY2(restore(target, backup, quiet).ok(), "restore");
        QVERIFY2(restored.start(), qPrintable(restored.error()));

        // One moment: after the restored outboxes drain, search and sync hold exactly the posts
        // post holds; a consumer ahead of post would show posts post does not have.
        storage::Database* posts = restored.server().database("post");
        const std::set<std::string> live =
            ids(posts, "SELECT id FROM posts WHERE deleted_at IS NULL AND hidden_at IS NULL");
        QVERIFY(live.size() >= 21);
        QVERIFY(static_cast<int>(live.size()) < written + 3);  // the later writes are not in it
        QTRY_COMPARE(ids(restored.server().database("search"), "SELECT id FROM search_posts"), live);
        QTRY_COMPARE(ids(restored.server().database("sync"), "SELECT id FROM sync_posts WHERE hidden = 0"), live);

        // The same data through the API: logins, the feed, media bytes, the hidden post, the log.
        TestUser graceAgain = grace;
        QVERIFY(restored.signInAgain(graceAgain));
        post::v1::GetFeedRequest feedRequest;
        feedRequest.set_page_size(100);
        post::v1::GetFeedResponse feed;
        QVERIFY(restored.posts().GetFeed(TestServer::as(graceAgain).get(), feedRequest, &feed).ok());
        std::set<std::string> feedIds;
        for (const auto& p : feed.posts()) feedIds.insert(p.id());
        QVERIFY(feedIds.contains(created.post().id()));
        QVERIFY(!feedIds.contains(hiddenId));
        const DownloadOutcome bytes = downloadMedia(restored, graceAgain, picture.media.id());
        QVERIFY(bytes.status.ok());
        QCOMPARE(bytes.bytes, encodedImage(64, 48, ".png"));
        TestUser adaAgain = ada;
        QVERIFY(restored.signInAgain(adaAgain));
        post::v1::GetPostRequest get;
        get.set_post_id(hiddenId);
        post::v1::GetPostResponse got;
        QVERIFY(restored.posts().GetPost(TestServer::as(adaAgain).get(), get, &got).ok());
        QVERIFY(got.post().hidden());
        TestUser moderatorAgain = moderator;
        QVERIFY(restored.signInAgain(moderatorAgain));
        dv1::ListAuditLogRequest log;
        dv1::ListAuditLogResponse logged;
        auto restoredModeration = dv1::ModerationService::NewStub(restored.channel());
        QVERIFY(restoredModeration->ListAuditLog(TestServer::as(moderatorAgain).get(), log, &logged).ok());
        QCOMPARE(logged.actions_size(), 1);
        QCOMPARE(logged.actions(0).id(), hidden.action().id());
    }

    void badTargetsAndDamagedBackupsAreRefused() {
        if (m_server->postgres()) return;
        const fs::path backup = m_scratch.filePath("second").toStdString();
        QVERIFY(backUp(m_server->config(), backup, quiet).ok());
        // Into a directory that holds something: refused, nothing added.
        const Status again = backUp(m_server->config(), backup, quiet);
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.find("not empty") != std::string::npos);
        // Restoring over a data dir in use: refused.
        const Status over = restore(m_server->config(), backup, quiet);
        QVERIFY(!over.ok());
        QVERIFY(over.error().message.find("not empty") != std::string::npos);
        // A damaged database: refused before anything is written.
        {
            std::fstream file(backup / "post.db", std::ios::in | std::ios::out | std::ios::binary);
            file.seekp(4096);  // pages 2 and 3: b-tree pages of the first tables
            file << std::string(2 * 4096, '\x5a');
        }
        Config config = TestServer::defaultConfig();
        config.dataDir = m_scratch.filePath("restored-damaged").toStdString();
        const Status damaged = restore(config, backup, quiet);
        QVERIFY(!damaged.ok());
        QVERIFY2(damaged.error().message.find("post.db") != std::string::npos, damaged.error().message.c_str());
        QVERIFY(!fs::exists(fs::path(config.dataDir) / "auth.db"));
        // Not a backup at all.
        const Status notBackup = restore(config, m_scratch.filePath("nothing").toStdString(), quiet);
        QVERIFY(!notBackup.ok());
        QVERIFY(notBackup.error().message.find("not a devcoll backup") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
