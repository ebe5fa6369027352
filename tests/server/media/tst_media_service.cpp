// Uploads and downloads over real gRPC: uploads that round-trip with their variants, lose their
// EXIF, are what their bytes say, resume after a cut, and refuse bombs and lies leaving
// nothing behind. What happens to stored media afterwards is tst_media_lifecycle's.
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <atomic>
#include <thread>

#include "devcoll/ids.h"
#include "media/blob_store.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"

using namespace devcoll;
using namespace devcoll::test;
using media::sha256Hex;

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
    std::unique_ptr<TestServer> m_server;
    std::string m_png;  // 2000 x 1000

    TestUser newUser(TestServer& server, const std::string& prefix) {
        TestUser u = server.registerUser(prefix);
        if (!server.waitForProfile(u)) qWarning("profile of %s did not appear", u.username.c_str());
        return u;
    }
    TestUser newUser(const std::string& prefix) { return newUser(*m_server, prefix); }
    int blobFiles() { return filesUnder(*m_server, "media/blobs"); }

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
        DEVCOLL_COMPARE_CODE(deleteMedia(*m_server, other, *uploaded.begin()), grpc::StatusCode::PERMISSION_DENIED);
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
};

QTEST_GUILESS_MAIN(TestMediaService)
#include "tst_media_service.moc"
