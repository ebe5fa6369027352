// What an upload really is (server/media/image_inspector.h): the four allowed formats pass with
// their true dimensions whatever they claim to be; everything else, and images over the pixel
// limit, are refused with a reason, a decompression bomb before any decoding.
#include <zlib.h>
#include <QElapsedTimer>
#include <QtTest>
#include <vips/vips8>

#include <string>

#include "media/image_inspector.h"

using namespace devcoll;
using namespace devcoll::media;

namespace {

std::string encoded(int width, int height, const char* suffix) {
    void* buffer = nullptr;
    std::size_t size = 0;
    vips::VImage::black(width, height, vips::VImage::option()->set("bands", 3)).write_to_buffer(suffix, &buffer, &size);
    std::string bytes(static_cast<const char*>(buffer), size);
    g_free(buffer);
    return bytes;
}

void appendChunk(std::string& png, const std::string& type, const std::string& data) {
    const auto be32 = [&](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>((v >> shift) & 0xFF));
    };
    be32(static_cast<std::uint32_t>(data.size()));
    const std::string body = type + data;
    png += body;
    be32(static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// A PNG of nothing but a header that claims `side` x `side` pixels: what a decompression bomb
// looks like before its (highly compressible) pixel data.
std::string claimedPng(std::uint32_t side) {
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    for (std::uint32_t v : {side, side}) {
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<char>((v >> shift) & 0xFF));
    }
    header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
    appendChunk(png, "IHDR", header);
    // The start of its pixel data: one row's worth of zeros, deflated.
    const std::string row(3 * 1024 + 1, '\0');
    uLongf size = compressBound(static_cast<uLong>(row.size()));
    std::string deflated(size, '\0');
    compress(reinterpret_cast<Bytef*>(deflated.data()), &size, reinterpret_cast<const Bytef*>(row.data()),
             static_cast<uLong>(row.size()));
    deflated.resize(size);
    appendChunk(png, "IDAT", deflated);
    appendChunk(png, "IEND", "");
    return png;
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
        // The classic 1 x 1 transparent GIF.
        static const unsigned char gif[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                                            0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04,
                                            0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
                                            0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x44, 0x00, 0x3b};
        auto inspected = inspectImage(std::string(reinterpret_cast<const char*>(gif), sizeof gif), {});
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
