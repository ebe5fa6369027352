// The media service over real gRPC: uploads that round-trip with their variants, lose their
// EXIF, are what their bytes say, are stored once however often they come, resume after a
// cut, refuse bombs and lies leaving nothing behind, and go when their owner, their post or
// their last reference goes.
#include <QDir>
#include <QElapsedTimer>
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

// The process's resident memory and its peak since the last reset, in kB (Linux).
std::int64_t statusKb(const char* field) {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(static_cast<int>(qstrlen(field))).trimmed().split(' ')[0].toLongLong();
    }
    return -1;
}

bool resetPeakMemory() {
    QFile clear("/proc/self/clear_refs");
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

}  // namespace

class TestMediaService final : public QObject {
    Q_OBJECT

private:
    // What the media service published, as another service receives it. Declared before the
    // server, so that it outlives the transport's subscriber thread.
    std::mutex m_eventsMutex;
    std::vector<events::Envelope> m_events;
    std::unique_ptr<TestServer> m_server;
    std::string m_png;  // 2000 x 1000

    bool published(events::v1::EventType type, const std::string& mediaId) {
        std::lock_guard lock(m_eventsMutex);
        for (const auto& e : m_events) {
            if (e.type() == type && e.aggregate_id() == mediaId) return true;
        }
        return false;
    }

    TestUser newUser(TestServer& server, const std::string& prefix) {
        TestUser u = server.registerUser(prefix);
        if (!server.waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }
    TestUser newUser(const std::string& prefix) { return newUser(*m_server, prefix); }

    // Resumes an upload from its committed offset, retrying while the cut stream winds up.
    UploadOutcome resume(const TestUser& user, const std::string& bytes, const std::string& id) {
        UploadOutcome outcome;
        for (int attempt = 0; attempt < 200; ++attempt) {
            // A stream cut before its first message arrived left no upload: start from 0.
            mv1::GetUploadStatusResponse status;
            const grpc::Status known = uploadStatus(*m_server, user, id, &status);
            if (!known.ok() && known.error_code() != grpc::StatusCode::NOT_FOUND) {
                outcome.status = known;
                break;
            }
            UploadOptions options;
            options.mediaId = id;
            options.offset = status.committed_offset();
            outcome = uploadMedia(*m_server, user, bytes, options);
            // The cut stream may still be winding up: it holds the upload (ABORTED), or it
            // committed more after the status was read (FAILED_PRECONDITION naming the offset).
            // Either way, as any client would, look again and resume from there.
            const bool moved = outcome.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
                               !outcome.committedOffsetDetail.empty();
            if (outcome.status.error_code() != grpc::StatusCode::ABORTED && !moved) break;
            QTest::qWait(10);
        }
        return outcome;
    }

    // A stream cut by its client is wound up by the server a moment later; until then the
    // upload is still held (ABORTED), and a client tries again.
    template <typename Upload>
    UploadOutcome untilNotAborted(Upload upload) {
        UploadOutcome outcome = upload();
        for (int attempt = 0; attempt < 200 && outcome.status.error_code() == grpc::StatusCode::ABORTED; ++attempt) {
            QTest::qWait(10);
            outcome = upload();
        }
        return outcome;
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

    grpc::Status deleteMedia(const TestUser& as, const std::string& id) {
        mv1::DeleteMediaRequest req;
        req.set_media_id(id);
        mv1::DeleteMediaResponse resp;
        return m_server->media().DeleteMedia(TestServer::as(as).get(), req, &resp);
    }

    int blobFiles() { return filesUnder(*m_server, "media/blobs"); }
    bool partialExists(TestServer& server, const std::string& id) {
        return QFile::exists(QString::fromStdString(server.config().dataDir + "/media/uploads/" + id + ".part"));
    }

private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_png = encodedImage(2000, 1000, ".png");
    }

    void anUploadRoundTripsWithItsVariants() {
        TestUser me = newUser("uploader");
        UploadOptions options;
        options.sha256 = sha256Hex(m_png);
        options.chunkSize = 10'000;  // many chunks
        const UploadOutcome up = uploadMedia(*m_server, me, m_png, options);
        QVERIFY2(up.status.ok(), qPrintable(describe(up.status)));
        const mv1::Media& m = up.media;
        QCOMPARE(m.owner_id(), me.id);
        QCOMPARE(m.content_type(), std::string("image/png"));
        QCOMPARE(m.size_bytes(), static_cast<std::int64_t>(m_png.size()));
        QCOMPARE(m.sha256(), sha256Hex(m_png));
        QCOMPARE(m.width(), 2000);
        QCOMPARE(m.height(), 1000);
        QCOMPARE(m.file_name(), std::string("picture.png"));
        QCOMPARE(m.variants_size(), 3);

        struct Expected {
            mv1::Variant variant;
            int width, height;
        };
        for (const Expected& e :
             {Expected{mv1::VARIANT_ORIGINAL, 2000, 1000}, Expected{mv1::VARIANT_DISPLAY, 1600, 800},
              Expected{mv1::VARIANT_THUMBNAIL, 400, 200}}) {
            const DownloadOutcome down = downloadMedia(*m_server, me, m.id(), e.variant);
            QVERIFY2(down.status.ok(), qPrintable(describe(down.status)));
            QVERIFY(down.offsetsContiguous);
            QCOMPARE(down.contentType, std::string("image/png"));
            QCOMPARE(down.totalSize, static_cast<std::int64_t>(down.bytes.size()));
            const ImageFacts facts = imageFacts(down.bytes);
            QVERIFY(facts.ok);
            QCOMPARE(facts.width, e.width);
            QCOMPARE(facts.height, e.height);
            bool listed = false;
            for (const auto& v : m.variants()) {
                if (v.variant() == e.variant) {
                    listed = v.width() == e.width && v.height() == e.height &&
                             v.size_bytes() == static_cast<std::int64_t>(down.bytes.size());
                }
            }
            QVERIFY2(listed, "the media's variant list does not describe what is downloaded");
        }
        mv1::Media again;
        QVERIFY(getMedia(*m_server, me, m.id(), &again).ok());
        QCOMPARE(again.SerializeAsString(), m.SerializeAsString());
        // Anyone signed in may see it (posts show media to their readers).
        TestUser reader = newUser("reader");
        QVERIFY(getMedia(*m_server, reader, m.id()).ok());
        QVERIFY(downloadMedia(*m_server, reader, m.id(), mv1::VARIANT_THUMBNAIL).status.ok());
        // Nothing of the upload is left over.
        QVERIFY(!partialExists(*m_server, m.id()));
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
        QVERIFY(deleteMedia(me, up.media.id()).ok());
        QTRY_VERIFY(published(events::v1::EVENT_TYPE_MEDIA_DELETED, up.media.id()));
    }

    void aPhotoLosesItsGpsPosition() {
        TestUser me = newUser("photographer");
        const std::string photo = cameraJpeg(1200, 800);
        QVERIFY(imageFacts(photo).hasExif);  // the test's own premise
        UploadOptions options;
        options.fileName = "IMG_0001.JPG";
        const UploadOutcome up = uploadMedia(*m_server, me, photo, options);
        QVERIFY2(up.status.ok(), qPrintable(describe(up.status)));
        QCOMPARE(up.media.content_type(), std::string("image/jpeg"));
        // Upright: EXIF orientation 6 turned it before the EXIF went.
        QCOMPARE(up.media.width(), 800);
        QCOMPARE(up.media.height(), 1200);
        for (auto variant : {mv1::VARIANT_ORIGINAL, mv1::VARIANT_DISPLAY, mv1::VARIANT_THUMBNAIL}) {
            const DownloadOutcome down = downloadMedia(*m_server, me, up.media.id(), variant);
            QVERIFY(down.status.ok());
            const ImageFacts facts = imageFacts(down.bytes);
            QVERIFY(facts.ok);
            QVERIFY2(!facts.hasExif, "EXIF survived");
            QVERIFY(down.bytes.find("GPS") == std::string::npos);
        }
    }

    void theTypeComesFromTheBytesNotTheName() {
        TestUser me = newUser("namer");
        UploadOptions options;
        options.fileName = "holiday.jpg";
        options.declaredType = "image/jpeg";
        const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(64, 48, ".png"), options);
        QVERIFY2(up.status.ok(), qPrintable(describe(up.status)));
        QCOMPARE(up.media.content_type(), std::string("image/png"));
        QCOMPARE(up.media.file_name(), std::string("holiday.jpg"));

        const UploadOutcome gif = uploadMedia(*m_server, me, tinyGif());
        QVERIFY2(gif.status.ok(), qPrintable(describe(gif.status)));
        QCOMPARE(gif.media.content_type(), std::string("image/gif"));
        const UploadOutcome webp = uploadMedia(*m_server, me, encodedImage(300, 300, ".webp"));
        QVERIFY2(webp.status.ok(), qPrintable(describe(webp.status)));
        QCOMPARE(webp.media.content_type(), std::string("image/webp"));
    }

    void lyingFilesAreRefusedLeavingNothing_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("ELF named .png") << QByteArray(
                                               "\x7f"
                                               "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                                               "more of a program",
                                               33)
                                        << "application/";
        QTest::newRow("HTML named .png") << QByteArray(
                                                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
                                         << "text/html";
        QTest::newRow("PNG cut after its header")
            << QByteArray::fromStdString(encodedImage(64, 48, ".png").substr(0, 60)) << "file";
    }
    void lyingFilesAreRefusedLeavingNothing() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mentions);
        TestUser me = newUser("liar");
        const int blobsBefore = blobFiles();
        UploadOptions options;
        options.mediaId = newUuidV7();
        options.fileName = "innocent.png";
        options.declaredType = "image/png";
        const UploadOutcome up = uploadMedia(*m_server, me, bytes.toStdString(), options);
        DEVCOLL_COMPARE_CODE(up.status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QString::fromStdString(up.status.error_message()).contains(mentions), qPrintable(describe(up.status)));
        DEVCOLL_COMPARE_CODE(getMedia(*m_server, me, options.mediaId), grpc::StatusCode::NOT_FOUND);
        mv1::GetUploadStatusResponse status;
        QVERIFY(uploadStatus(*m_server, me, options.mediaId, &status).ok());
        QCOMPARE(status.state(), mv1::UPLOAD_STATE_FAILED);
        QCOMPARE(blobFiles(), blobsBefore);
        QVERIFY(!partialExists(*m_server, options.mediaId));
        // The id is spent: the client uploads again under a new one.
        const UploadOutcome again = uploadMedia(*m_server, me, m_png, options);
        DEVCOLL_COMPARE_CODE(again.status, grpc::StatusCode::FAILED_PRECONDITION);
    }

    void aDecompressionBombIsRefusedQuicklyInLittleMemory() {
        TestUser me = newUser("bomber");
        const std::string bomb = claimedPng(30'000);  // 900 megapixels: 2.7 GB once decoded
        QVERIFY(resetPeakMemory());
        const std::int64_t before = statusKb("VmRSS:");
        QElapsedTimer timer;
        timer.start();
        const UploadOutcome up = uploadMedia(*m_server, me, bomb);
        const qint64 elapsed = timer.elapsed();
        DEVCOLL_COMPARE_CODE(up.status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QString::fromStdString(up.status.error_message()).contains("pixels"), qPrintable(describe(up.status)));
        QVERIFY2(elapsed < 1000, qPrintable(QString("took %1 ms").arg(elapsed)));
        const std::int64_t peakGrowthKb = statusKb("VmHWM:") - before;
        QVERIFY2(peakGrowthKb < 100 * 1024, qPrintable(QString("memory grew by %1 kB").arg(peakGrowthKb)));
    }

    void theDeclaredSha256IsChecked() {
        TestUser me = newUser("checker");
        const int blobsBefore = blobFiles();
        UploadOptions options;
        options.mediaId = newUuidV7();
        options.sha256 = sha256Hex("something else");
        const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(32, 32, ".png"), options);
        DEVCOLL_COMPARE_CODE(up.status, grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QString::fromStdString(up.status.error_message()).contains("sha256"), qPrintable(describe(up.status)));
        QCOMPARE(blobFiles(), blobsBefore);
        QVERIFY(!partialExists(*m_server, options.mediaId));
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

        QVERIFY(deleteMedia(a, first.media.id()).ok());
        QVERIFY(deleteMedia(a, first.media.id()).ok());  // idempotent
        DEVCOLL_COMPARE_CODE(getMedia(*m_server, a, first.media.id()), grpc::StatusCode::NOT_FOUND);
        QVERIFY(downloadMedia(*m_server, b, second.media.id()).status.ok());
        QCOMPARE(blobFiles() - before, stored);  // b still uses them
        QVERIFY(deleteMedia(b, second.media.id()).ok());
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
        for (std::size_t i = 0; i < users.size(); ++i) QVERIFY(deleteMedia(users[i], outcomes[i].media.id()).ok());
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
                if (!deleteMedia(a, first.media.id()).ok()) ++failures;
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

    void aCutUploadResumesWhereItStopped() {
        TestUser me = newUser("commuter");
        const std::string big = noisePng(2300, 2300);  // about 10 MB
        QVERIFY(big.size() > 10 * 1000 * 1000 && big.size() < 16 * kMiB);
        const std::string id = newUuidV7();
        UploadOptions options;
        options.mediaId = id;
        options.sha256 = sha256Hex(big);
        options.stopAfter = 8 * kMiB;
        options.cancel = true;
        // The connection drops once the server holds 8 MiB.
        options.beforeEnd = [&] {
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    mv1::GetUploadStatusResponse s;
                    return uploadStatus(*m_server, me, id, &s).ok() && s.committed_offset() == 8 * kMiB;
                }(),
                10'000);
        };
        const UploadOutcome cut = uploadMedia(*m_server, me, big, options);
        DEVCOLL_COMPARE_CODE(cut.status, grpc::StatusCode::CANCELLED);
        mv1::GetUploadStatusResponse status;
        QVERIFY(uploadStatus(*m_server, me, id, &status).ok());
        QCOMPARE(status.state(), mv1::UPLOAD_STATE_IN_PROGRESS);
        QCOMPARE(status.total_size(), static_cast<std::int64_t>(big.size()));
        QVERIFY(status.has_expires_at());
        DEVCOLL_COMPARE_CODE(getMedia(*m_server, me, id), grpc::StatusCode::NOT_FOUND);

        // Resuming from anywhere but the committed offset is refused, naming it.
        UploadOptions wrong;
        wrong.mediaId = id;
        wrong.sha256 = options.sha256;
        const UploadOutcome refused = untilNotAborted([&] { return uploadMedia(*m_server, me, big, wrong); });
        DEVCOLL_COMPARE_CODE(refused.status, grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(refused.committedOffsetDetail, std::to_string(8 * kMiB));

        UploadOptions rest;
        rest.mediaId = id;
        rest.sha256 = options.sha256;
        rest.offset = 8 * kMiB;
        const UploadOutcome resumed = untilNotAborted([&] { return uploadMedia(*m_server, me, big, rest); });
        QVERIFY2(resumed.status.ok(), qPrintable(describe(resumed.status)));
        QCOMPARE(resumed.bytesSent, static_cast<std::int64_t>(big.size()) - 8 * kMiB);  // 2 MB, not 10
        QCOMPARE(resumed.media.sha256(), sha256Hex(big));
        QCOMPARE(downloadMedia(*m_server, me, id).totalSize, resumed.media.variants(0).size_bytes());
        QVERIFY(uploadStatus(*m_server, me, id, &status).ok());
        QCOMPARE(status.state(), mv1::UPLOAD_STATE_COMPLETED);
        QCOMPARE(status.media().id(), id);
        // A retry of the finished upload answers the same media without reading a chunk.
        UploadOptions retry;
        retry.mediaId = id;
        retry.stopAfter = 0;
        const UploadOutcome again = uploadMedia(*m_server, me, big, retry);
        QVERIFY2(again.status.ok(), qPrintable(describe(again.status)));
        QCOMPARE(again.media.id(), id);
    }

    void anUploadCutAnywhereStillCompletes() {
        TestUser me = newUser("flaky");
        const std::string png = noisePng(700, 700);  // about 1.5 MB
        const std::string id = newUuidV7();
        UploadOptions options;
        options.mediaId = id;
        options.chunkSize = 64 * 1024;
        options.stopAfter = static_cast<std::int64_t>(png.size()) / 2;
        options.cancel = true;
        const UploadOutcome cut = uploadMedia(*m_server, me, png, options);
        QVERIFY(!cut.status.ok());
        const UploadOutcome resumed = resume(me, png, id);
        QVERIFY2(resumed.status.ok(), qPrintable(describe(resumed.status)));
        QCOMPARE(resumed.media.sha256(), sha256Hex(png));
    }

    void aTruncatedStreamStoresNothing() {
        TestUser me = newUser("truncated");
        const std::string id = newUuidV7();
        const int blobsBefore = blobFiles();
        UploadOptions options;
        options.mediaId = id;
        options.chunkSize = 1000;
        options.stopAfter = 3000;
        const UploadOutcome up = uploadMedia(*m_server, me, m_png, options);
        DEVCOLL_COMPARE_CODE(up.status, grpc::StatusCode::FAILED_PRECONDITION);
        QVERIFY2(QString::fromStdString(up.status.error_message()).contains("incomplete"),
                 qPrintable(describe(up.status)));
        QCOMPARE(up.committedOffsetDetail, std::string("3000"));
        DEVCOLL_COMPARE_CODE(getMedia(*m_server, me, id), grpc::StatusCode::NOT_FOUND);
        QCOMPARE(blobFiles(), blobsBefore);
        mv1::GetUploadStatusResponse status;
        QVERIFY(uploadStatus(*m_server, me, id, &status).ok());
        QCOMPARE(status.committed_offset(), std::int64_t{3000});
        // Someone else cannot see or continue it.
        TestUser other = newUser("snoop");
        DEVCOLL_COMPARE_CODE(uploadStatus(*m_server, other, id, &status), grpc::StatusCode::NOT_FOUND);
        UploadOptions theirs;
        theirs.mediaId = id;
        theirs.offset = 3000;
        DEVCOLL_COMPARE_CODE(uploadMedia(*m_server, other, m_png, theirs).status, grpc::StatusCode::ALREADY_EXISTS);
    }

    void anUploadIdServesOneFile() {
        TestUser me = newUser("reuser");
        const std::string id = newUuidV7();
        UploadOptions options;
        options.mediaId = id;
        QVERIFY(uploadMedia(*m_server, me, encodedImage(40, 40, ".png"), options).status.ok());
        const std::string different = encodedImage(41, 40, ".png");
        options.sha256 = sha256Hex(different);
        const UploadOutcome other = uploadMedia(*m_server, me, different, options);
        DEVCOLL_COMPARE_CODE(other.status, grpc::StatusCode::ALREADY_EXISTS);
    }

    void listsAreTheOwnersAndPaged() {
        TestUser me = newUser("lister");
        std::set<std::string> uploaded;
        for (int i = 0; i < 5; ++i) {
            const UploadOutcome up = uploadMedia(*m_server, me, encodedImage(20 + i, 20, ".png"));
            QVERIFY(up.status.ok());
            uploaded.insert(up.media.id());
        }
        std::set<std::string> listed;
        std::string token;
        int pages = 0;
        do {
            mv1::ListUserMediaRequest req;
            req.set_user_id(me.id);
            req.set_page_size(2);
            req.set_page_token(token);
            mv1::ListUserMediaResponse resp;
            QVERIFY(m_server->media().ListUserMedia(TestServer::as(me).get(), req, &resp).ok());
            for (const auto& m : resp.media()) QVERIFY(listed.insert(m.id()).second);
            token = resp.next_page_token();
            ++pages;
        } while (!token.empty() && pages < 10);
        QCOMPARE(listed, uploaded);
        QCOMPARE(pages, 3);

        TestUser other = newUser("peeker");
        mv1::ListUserMediaRequest req;
        req.set_user_id(me.id);
        mv1::ListUserMediaResponse resp;
        DEVCOLL_COMPARE_CODE(m_server->media().ListUserMedia(TestServer::as(other).get(), req, &resp),
                             grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(deleteMedia(other, *uploaded.begin()), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(getMedia(*m_server, me, *uploaded.begin()).ok());
    }

    void downloadsResumeFromAnOffset() {
        TestUser me = newUser("downloader");
        const std::string png = noisePng(800, 800);  // about 2 MB: three chunks
        const UploadOutcome up = uploadMedia(*m_server, me, png);
        QVERIFY(up.status.ok());
        const DownloadOutcome whole = downloadMedia(*m_server, me, up.media.id());
        QVERIFY(whole.status.ok());
        QVERIFY(whole.chunks >= 2);
        const std::int64_t from = whole.totalSize - 1000;
        const DownloadOutcome tail = downloadMedia(*m_server, me, up.media.id(), mv1::VARIANT_ORIGINAL, from);
        QVERIFY(tail.status.ok());
        QVERIFY(tail.offsetsContiguous);
        QCOMPARE(tail.bytes, whole.bytes.substr(static_cast<std::size_t>(from)));
        const DownloadOutcome end = downloadMedia(*m_server, me, up.media.id(), mv1::VARIANT_ORIGINAL, whole.totalSize);
        QVERIFY(end.status.ok());
        QCOMPARE(end.bytes.size(), std::size_t{0});
        DEVCOLL_COMPARE_CODE(
            downloadMedia(*m_server, me, up.media.id(), mv1::VARIANT_ORIGINAL, whole.totalSize + 1).status,
            grpc::StatusCode::OUT_OF_RANGE);
        DEVCOLL_COMPARE_CODE(downloadMedia(*m_server, me, newUuidV7()).status, grpc::StatusCode::NOT_FOUND);
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

    void theSizeLimitIsEnforcedBeforeAnyByte() {
        TestUser me = newUser("giant");
        UploadOptions options;
        options.mediaId = newUuidV7();
        options.totalSize = 16 * kMiB + 1;
        options.stopAfter = 0;
        const UploadOutcome up = uploadMedia(*m_server, me, m_png, options);
        DEVCOLL_COMPARE_CODE(up.status, grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY(!partialExists(*m_server, options.mediaId));
        mv1::GetUploadStatusResponse status;
        DEVCOLL_COMPARE_CODE(uploadStatus(*m_server, me, options.mediaId, &status), grpc::StatusCode::NOT_FOUND);
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

QTEST_GUILESS_MAIN(TestMediaService)
#include "tst_media_service.moc"
