// The stored forms of an image (server/media/image_variants.h): no metadata survives (a GPS
// position above all), photos come out upright, and variants only ever shrink.
#include <QtTest>

#include <string>

#include "media/image_inspector.h"
#include "media/image_variants.h"
#include "server/media/test_images.h"

using namespace devcoll;
using namespace devcoll::media;

using devcoll::test::cameraJpeg;

namespace {

bool hasExif(const std::string& bytes) { return devcoll::test::imageFacts(bytes).hasExif; }

}  // namespace

class TestImageVariants final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(initImageLibrary().ok()); }

    void aPhotoLosesItsMetadataAndStandsUpright() {
        const std::string photo = cameraJpeg(3000, 2000);
        QVERIFY(hasExif(photo));  // the test's own premise
        auto inspected = inspectImage(photo, {});
        QVERIFY(inspected.ok());
        auto variants = makeVariants(photo, *inspected);
        QVERIFY2(variants.ok(), variants.ok() ? "" : variants.error().message.c_str());
        for (const EncodedImage* v : {&variants->original, &variants->display, &variants->thumbnail}) {
            QVERIFY(!hasExif(v->bytes));
            QCOMPARE(QString::fromStdString(v->contentType), QString("image/jpeg"));
            auto again = inspectImage(v->bytes, {});
            QVERIFY(again.ok());
            QCOMPARE(again->width, v->width);
            QCOMPARE(again->height, v->height);
        }
        // Orientation 6 turns 3000 x 2000 pixels into an upright 2000 x 3000 photo.
        QCOMPARE(variants->original.width, 2000);
        QCOMPARE(variants->original.height, 3000);
        QCOMPARE(variants->display.height, kDisplaySide);
        QVERIFY(variants->display.width < variants->display.height);
        QCOMPARE(variants->thumbnail.height, kThumbnailSide);
    }

    void aSmallImageIsNeverScaledUp() {
        const std::string png = devcoll::test::encodedImage(300, 200, ".png");
        auto inspected = inspectImage(png, {});
        QVERIFY(inspected.ok());
        auto variants = makeVariants(png, *inspected);
        QVERIFY(variants.ok());
        QCOMPARE(QString::fromStdString(variants->thumbnail.contentType), QString("image/png"));
        QCOMPARE(variants->display.width, 300);
        QCOMPARE(variants->thumbnail.width, 300);
        QCOMPARE(variants->thumbnail.height, 200);
    }
};

QTEST_GUILESS_MAIN(TestImageVariants)
#include "tst_image_variants.moc"
