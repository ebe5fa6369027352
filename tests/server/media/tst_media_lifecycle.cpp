// Stored media over real gRPC, after the upload: the same bytes stored once and gone with
// their last reference, racing deletes, cascades from deleted posts and accounts, posts and
// avatars that take only their author's media, the quota, expiry of abandoned uploads,
// restarts and crashes, and the events published on the way.
#include <QDir>
#include <QFile>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

#include "devcoll/ids.h"
#include "media/blob_store.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"

using namespace devcoll;
using namespace devcoll::test;
using media::sha256Hex;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

}  // namespace

class TestMediaLifecycle final : public QObject {
    Q_OBJECT

private:
    // What the media service published, as another service receives it. Declared before the
    // server, so that it outlives the transport's subscriber thread.
    std::mutex m_eventsMutex;
    std::vector<events::Envelope> m_events;
    std::unique_ptr<TestServer> m_server;
    std::string m_png;  // 2000 x 1000

    TestUser newUser(TestServer& server, const std::string& prefix) {
        TestUser u = server.registerUser(prefix);
        if (!server.waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }
    TestUser newUser(const std::string& prefix) { return newUser(*m_server, prefix); }
    int blobFiles() { return filesUnder(*m_server, "media/blobs"); }

    bool published(events::v1::EventType type, const std::string& mediaId) {
        std::lock_guard lock(m_eventsMutex);
        for (const auto& e : m_events) {
            if (e.type() == type && e.aggregate_id() == mediaId) return true;
        }
        return false;
    }

    grpc::Status createPost(const TestUser& as, const std::vector<std::string>& mediaIds, std::string* id = nullptr) {
        pv1::CreatePostRequest req;
        req.set_post_id(newUuidV7());
        req.set_body("look at this");
        for (const auto& m : mediaIds) req.add_media_ids(m);
        pv1::CreatePostResponse resp;
        if (id) *id = req.post_id();
        return m_server->posts().CreatePost(TestServer::as(as).get(), req, &resp);
    }

    grpc::Status deletePost(const TestUser& as, const std::string& id) {
        pv1::DeletePostRequest req;
        req.set_post_id(id);
        pv1::DeletePostResponse resp;
        return m_server->posts().DeletePost(TestServer::as(as).get(), req, &resp);
    }

private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_png = encodedImage(2000, 1000, ".png");
    }

    void uploadsAndDeletionsArePublished() {
        m_server->server().transport().subscribe(
            "media_test_recorder", {events::v1::EVENT_TYPE_MEDIA_UPLOADED, events::v1::EVENT_TYPE_MEDIA_DELETED},
            [this](std::span<const events::Envelope* const> batch) -> Status {
                std::lock_guard lock(m_eventsMutex);
                for (const events::Envelope* e : batch) m_events.push_back(*e);
                return {};
            });
        TestUser me = newUser("announcer");
        const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(64, 64, ".webp"));
        QVERIFY(up.status.ok());
        QTRY_VERIFY(published(events::v1::EVENT_TYPE_MEDIA_UPLOADED, up.media.id()));
        {
            std::lock_guard lock(m_eventsMutex);
            const auto& uploaded = m_events.back().media_uploaded();
            QCOMPARE(uploaded.owner_id(), me.id);
            QCOMPARE(uploaded.content_type(), std::string("image/webp"));
            QCOMPARE(uploaded.sha256(), up.media.sha256());
        }
        QVERIFY(deleteMedia(*m_server, me, up.media.id()).ok());
        QTRY_VERIFY(published(events::v1::EVENT_TYPE_MEDIA_DELETED, up.media.id()));
    }

    void theSameBytesAreStoredOnceAndGoWithTheirLastReference() {
        TestUser a = newUser("twin_a");
        TestUser b = newUser("twin_b");
        const std::string png = encodedImage(1700, 900, ".png");
        const int before = blobFiles();
        const UploadOutcome first = uploadMedia(*m_server, a, png);
        QVERIFY2(first.status.ok(), qPrintable(describe(first.status)));
        const int stored = blobFiles() - before;
        QVERIFY(stored >= 1 && stored <= 3);
        const UploadOutcome second = uploadMedia(*m_server, b, png);
        QVERIFY2(second.status.ok(), qPrintable(describe(second.status)));
        QVERIFY(second.media.id() != first.media.id());
        QCOMPARE(second.media.owner_id(), b.id);
        QCOMPARE(blobFiles() - before, stored);  // nothing stored twice
        QCOMPARE(downloadMedia(*m_server, b, second.media.id()).bytes,
                 downloadMedia(*m_server, a, first.media.id()).bytes);

        QVERIFY(deleteMedia(*m_server, a, first.media.id()).ok());
        QVERIFY(deleteMedia(*m_server, a, first.media.id()).ok());  // idempotent
        DEVCOLL_COMPARE_CODE(getMedia(*m_server, a, first.media.id()), grpc::StatusCode::NOT_FOUND);
        QVERIFY(downloadMedia(*m_server, b, second.media.id()).status.ok());
        QCOMPARE(blobFiles() - before, stored);  // b still uses them
        QVERIFY(deleteMedia(*m_server, b, second.media.id()).ok());
        QTRY_COMPARE(blobFiles(), before);
    }

    void concurrentUploadsOfTheSameBytesShareTheirFiles() {
        const std::string png = encodedImage(1234, 567, ".png");
        std::vector<TestUser> users;
        for (int i = 0; i < 4; ++i) users.push_back(newUser("racer"));
        const int before = blobFiles();
        std::vector<UploadOutcome> outcomes(users.size());
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < users.size(); ++i) {
            threads.emplace_back([&, i] { outcomes[i] = uploadMedia(*m_server, users[i], png); });
        }
        for (auto& t : threads) t.join();
        for (const auto& o : outcomes) {
            QVERIFY2(o.status.ok(), qPrintable(describe(o.status)));
            QCOMPARE(o.media.sha256(), sha256Hex(png));
        }
        QVERIFY(blobFiles() - before <= 3);
        for (std::size_t i = 0; i < users.size(); ++i)
            QVERIFY(deleteMedia(*m_server, users[i], outcomes[i].media.id()).ok());
        QTRY_COMPARE(blobFiles(), before);
    }

    void racingDeletesReleaseTheSharedFilesOnce() {
        TestUser a = newUser("racer_a");
        TestUser b = newUser("racer_b");
        const std::string png = encodedImage(1300, 700, ".png");
        const UploadOutcome first = uploadMedia(*m_server, a, png);
        const UploadOutcome second = uploadMedia(*m_server, b, png);
        QVERIFY(first.status.ok() && second.status.ok());
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int i = 0; i < 8; ++i) {
            threads.emplace_back([&] {
                if (!deleteMedia(*m_server, a, first.media.id()).ok()) ++failures;
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(failures.load(), 0);
        // The janitor has had every chance to remove what it wrongly thought unused.
        QVERIFY(m_server->restart());
        for (auto variant : {mv1::VARIANT_ORIGINAL, mv1::VARIANT_DISPLAY, mv1::VARIANT_THUMBNAIL}) {
            const DownloadOutcome down = downloadMedia(*m_server, b, second.media.id(), variant);
            QVERIFY2(down.status.ok(), qPrintable(describe(down.status)));
        }
    }

    void deletingAPostTakesTheMediaOnlyItUsed() {
        TestUser me = newUser("poster");
        const UploadOutcome shared = uploadMedia(*m_server, me, encodedImage(90, 60, ".png"));
        const UploadOutcome own = uploadMedia(*m_server, me, encodedImage(91, 60, ".png"));
        QVERIFY(shared.status.ok() && own.status.ok());
        std::string first, second;
        QVERIFY(createPost(me, {shared.media.id(), own.media.id()}, &first).ok());
        QVERIFY(createPost(me, {shared.media.id()}, &second).ok());
        QVERIFY(deletePost(me, first).ok());
        QTRY_COMPARE(getMedia(*m_server, me, own.media.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY(getMedia(*m_server, me, shared.media.id()).ok());  // the second post still shows it
        QVERIFY(deletePost(me, second).ok());
        QTRY_COMPARE(getMedia(*m_server, me, shared.media.id()).error_code(), grpc::StatusCode::NOT_FOUND);
    }

    void postsAndAvatarsTakeOnlyTheirAuthorsFinishedMedia() {
        TestUser me = newUser("author");
        TestUser other = newUser("stranger");
        const UploadOutcome mine = uploadMedia(*m_server, me, encodedImage(30, 30, ".png"));
        const UploadOutcome theirs = uploadMedia(*m_server, other, encodedImage(31, 30, ".png"));
        QVERIFY(mine.status.ok() && theirs.status.ok());
        UploadOptions partial;
        partial.mediaId = newUuidV7();
        partial.stopAfter = 10;
        partial.chunkSize = 10;
        QCOMPARE(uploadMedia(*m_server, me, m_png, partial).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

        QVERIFY(createPost(me, {mine.media.id()}).ok());
        for (const std::string& bad : {theirs.media.id(), partial.mediaId, newUuidV7()}) {
            const grpc::Status status = createPost(me, {mine.media.id(), bad});
            DEVCOLL_COMPARE_CODE(status, grpc::StatusCode::INVALID_ARGUMENT);
            QVERIFY2(QString::fromStdString(status.error_message()).contains("media_ids"),
                     qPrintable(describe(status)));
        }

        uv1::UpdateProfileRequest req;
        req.mutable_profile()->set_avatar_media_id(theirs.media.id());
        req.mutable_update_mask()->add_paths("avatar_media_id");
        req.set_expected_version(1);
        uv1::UpdateProfileResponse resp;
        const grpc::Status refused = m_server->users().UpdateProfile(TestServer::as(me).get(), req, &resp);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QString::fromStdString(refused.error_message()).contains("avatar_media_id"),
                 qPrintable(describe(refused)));
        req.mutable_profile()->set_avatar_media_id(mine.media.id());
        const grpc::Status accepted = m_server->users().UpdateProfile(TestServer::as(me).get(), req, &resp);
        QVERIFY2(accepted.ok(), qPrintable(describe(accepted)));
        QCOMPARE(resp.user().avatar_media_id(), mine.media.id());
    }

    void aDeletedAccountTakesItsMedia() {
        TestUser me = newUser("leaver");
        TestUser reader = newUser("witness");
        const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(1111, 333, ".png"));
        QVERIFY(up.status.ok());
        UploadOptions partial;
        partial.mediaId = newUuidV7();
        partial.stopAfter = 100;
        partial.chunkSize = 100;
        QCOMPARE(uploadMedia(*m_server, me, m_png, partial).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        const int blobsBefore = blobFiles();
        uv1::DeleteAccountRequest req;
        req.set_password(me.password);
        uv1::DeleteAccountResponse resp;
        QVERIFY(m_server->users().DeleteAccount(TestServer::as(me).get(), req, &resp).ok());
        QTRY_COMPARE(getMedia(*m_server, reader, up.media.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QTRY_VERIFY(blobFiles() < blobsBefore);
        QTRY_VERIFY(!partialExists(*m_server, partial.mediaId));
    }

    void theQuotaCountsEveryUpload() {
        Config config = TestServer::defaultConfig();
        config.media.quotaBytes = kMiB;
        TestServer small(config);
        QVERIFY2(small.ok(), qPrintable(small.error()));
        TestUser me = newUser(small, "hoarder");
        const std::string a = noisePng(500, 500);  // about 490 kB each
        const std::string b = noisePng(501, 500);
        const std::string c = noisePng(502, 500);
        const UploadOutcome first = uploadMedia(small, me, a);
        QVERIFY2(first.status.ok(), qPrintable(describe(first.status)));
        UploadOptions pending;  // an unfinished upload holds its space too
        pending.stopAfter = 1000;
        pending.chunkSize = 1000;
        QCOMPARE(uploadMedia(small, me, b, pending).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        const UploadOutcome over = uploadMedia(small, me, c);
        DEVCOLL_COMPARE_CODE(over.status, grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY2(QString::fromStdString(over.status.error_message()).contains("quota"),
                 qPrintable(describe(over.status)));
        mv1::DeleteMediaRequest del;
        del.set_media_id(first.media.id());
        mv1::DeleteMediaResponse delResp;
        QVERIFY(small.media().DeleteMedia(TestServer::as(me).get(), del, &delResp).ok());
        QVERIFY(uploadMedia(small, me, c).status.ok());

        // Uploads begun side by side cannot each take the same free space.
        TestUser racer = newUser(small, "parallel");
        std::vector<std::string> files;
        for (int i = 0; i < 6; ++i) files.push_back(noisePng(500 + i, 500));
        std::atomic<int> stored{0};
        std::vector<std::thread> threads;
        for (const auto& file : files) {
            threads.emplace_back([&, file] {
                if (uploadMedia(small, racer, file).status.ok()) ++stored;
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(stored.load(), 2);  // 2 x 490 kB fit in 1 MiB, 3 do not
    }

    void abandonedUploadsExpire() {
        Config config = TestServer::defaultConfig();
        config.media.uploadExpiry = std::chrono::seconds(1);
        TestServer quick(config);
        QVERIFY2(quick.ok(), qPrintable(quick.error()));
        TestUser me = newUser(quick, "quitter");
        UploadOptions options;
        options.mediaId = newUuidV7();
        options.stopAfter = 5000;
        options.chunkSize = 5000;
        QCOMPARE(uploadMedia(quick, me, m_png, options).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY(partialExists(quick, options.mediaId));
        mv1::GetUploadStatusResponse status;
        QTRY_COMPARE_WITH_TIMEOUT(uploadStatus(quick, me, options.mediaId, &status).error_code(),
                                  grpc::StatusCode::NOT_FOUND, 10'000);
        QTRY_VERIFY(!partialExists(quick, options.mediaId));
    }

    void filesACrashLeftBehindGoAtTheNextStart() {
        const std::string dir = m_server->config().dataDir + "/media/";
        const std::string strayBlob = dir + "blobs/ab/ab" + std::string(62, '0');
        const std::string strayPartial = dir + "uploads/" + newUuidV7() + ".part";
        QVERIFY(QDir().mkpath(QString::fromStdString(dir + "blobs/ab")));
        for (const std::string& path : {strayBlob, strayPartial}) {
            QFile file(QString::fromStdString(path));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("left behind");
        }
        const int blobsBefore = blobFiles();
        QVERIFY(m_server->restart());
        QTRY_VERIFY(!QFile::exists(QString::fromStdString(strayBlob)));
        QTRY_VERIFY(!QFile::exists(QString::fromStdString(strayPartial)));
        QCOMPARE(blobFiles(), blobsBefore - 1);  // and nothing else
    }

    void storedMediaSurvivesARestart() {
        TestUser me = newUser("durable");
        const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(77, 77, ".png"));
        QVERIFY(up.status.ok());
        QVERIFY(m_server->restart());
        const DownloadOutcome down = downloadMedia(*m_server, me, up.media.id());
        QVERIFY2(down.status.ok(), qPrintable(describe(down.status)));
        QCOMPARE(imageFacts(down.bytes).width, 77);
    }
};

QTEST_GUILESS_MAIN(TestMediaLifecycle)
#include "tst_media_lifecycle.moc"
