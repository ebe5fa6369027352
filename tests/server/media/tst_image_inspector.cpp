// What an upload really is (server/media/image_inspector.h): the four allowed formats pass with
// their true dimensions whatever they claim to be; everything else, and images over the pixel
// limit, are refused with a reason, a decompression bomb before any decoding.
#include <QElapsedTimer>
#include <QtTest>

#include <string>

#include "media/image_inspector.h"
#include "server/media/test_images.h"

using namespace devcoll;
using namespace devcoll::media;

using devcoll::test::claimedPng;

namespace {

std::string encoded(int width, int height, const char* suffix) {
    return devcoll::test::encodedImage(width, height, suffix);
}

}  // namespace

class TestImageInspector final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(initImageLibrary().ok()); }

    void allowedFormatsPassWithTheirSize_data() {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QString>("type");
        QTest::newRow("png") << ".png"
                             << "image/png";
        QTest::newRow("jpeg") << ".jpg"
                              << "image/jpeg";
        QTest::newRow("webp") << ".webp"
                              << "image/webp";
    }
    void allowedFormatsPassWithTheirSize() {
        QFETCH(QString, suffix);
        QFETCH(QString, type);
        auto inspected = inspectImage(encoded(64, 48, qPrintable(suffix)), {});
        QVERIFY2(inspected.ok(), inspected.ok() ? "" : inspected.error().message.c_str());
        QCOMPARE(QString::fromStdString(inspected->contentType), type);
        QCOMPARE(inspected->width, 64);
        QCOMPARE(inspected->height, 48);
        QCOMPARE(inspected->frames, 1);
    }

    void aSmallGifPasses() {
        auto inspected = inspectImage(devcoll::test::tinyGif(), {});
        QVERIFY2(inspected.ok(), inspected.ok() ? "" : inspected.error().message.c_str());
        QCOMPARE(QString::fromStdString(inspected->contentType), QString("image/gif"));
        QCOMPARE(inspected->width, 1);
    }

    void otherFilesAreRefusedWithTheirRealType_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("text") << QByteArray("just some text, named photo.jpg") << "text/plain";
        QTest::newRow("svg") << QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>")
                             << "image/svg+xml";
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("elf") << QByteArray(
                                    "\x7f"
                                    "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                                    16)
                             << "application/";
    }
    void otherFilesAreRefusedWithTheirRealType() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mentions);
        auto inspected = inspectImage(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), {});
        QVERIFY(!inspected.ok());
        QCOMPARE(inspected.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(inspected.error().message).contains(mentions),
                 inspected.error().message.c_str());
    }

    void aBrokenImageIsRefused() {
        const std::string jpeg = encoded(64, 48, ".jpg");
        auto inspected = inspectImage(std::string_view(jpeg).substr(0, 4), {});
        QVERIFY(!inspected.ok());
        QCOMPARE(inspected.error().code, ErrorCode::InvalidArgument);
    }

    void aDecompressionBombIsRefusedFromItsHeader() {
        QElapsedTimer timer;
        timer.start();
        auto inspected = inspectImage(claimedPng(100'000), {});  // 10 gigapixels claimed in under 100 bytes
        QVERIFY(!inspected.ok());
        QCOMPARE(inspected.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(inspected.error().message).contains("pixels"),
                 inspected.error().message.c_str());
        QVERIFY2(timer.elapsed() < 1000, "decoding was attempted");
    }

    void thePixelLimitIsTheConfiguredOne() {
        const std::string png = encoded(64, 48, ".png");
        QVERIFY(inspectImage(png, ImageLimits{64 * 48}).ok());
        QVERIFY(!inspectImage(png, ImageLimits{64 * 48 - 1}).ok());
    }
};

QTEST_GUILESS_MAIN(TestImageInspector)
#include "tst_image_inspector.moc"
