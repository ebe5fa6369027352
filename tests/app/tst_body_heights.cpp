// BodyHeights: a post's height is estimated at once, laid out on a worker thread, and then the
// same as a document laid out on the GUI thread; another width forgets the old heights. Images
// in a post's text load nothing from this computer.
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QUrl>

#include <cmath>

#include "views/body_heights.h"
#include "views/untrusted_text.h"

using devcoll::app::BodyHeights;
using devcoll::app::BodyKey;

namespace {

int laidOutHere(const QString& markdown, int width, const QFont& font) {
    QTextDocument document;
    devcoll::app::setPostMarkdown(document, markdown, width, font);
    return int(std::ceil(document.size().height()));
}

const QString kLongPost = QStringLiteral(
    "A post with **Markdown** and a code block:\n\n```cpp\nint main() {\n    return 0;\n}\n```\n\n"
    "And a paragraph long enough to wrap more than once at a narrow width, so that the height "
    "depends on the width it is laid out for.");

}  // namespace

class TestBodyHeights final : public QObject {
    Q_OBJECT

private slots:
    void estimatesFirstThenLaysOutOnAWorker() {
        BodyHeights heights;
        const QFont font = QApplication::font();
        heights.setGeometry(300, font);
        QSignalSpy arrived(&heights, &BodyHeights::arrived);
        const BodyKey key{QStringLiteral("p1"), 1, kLongPost.size()};

        const int estimate = heights.height(key, kLongPost);
        QVERIFY(estimate > 0);
        QVERIFY(!heights.isKnown(key));
        QTRY_VERIFY(heights.isKnown(key));
        QTRY_COMPARE(arrived.count(), 1);
        QCOMPARE(heights.height(key, kLongPost), laidOutHere(kLongPost, 300, font));
    }

    void manyPostsArriveInFewAnnouncements() {
        BodyHeights heights;
        heights.setGeometry(400, QApplication::font());
        QSignalSpy arrived(&heights, &BodyHeights::arrived);
        constexpr int kPosts = 500;
        for (int i = 0; i < kPosts; ++i) {
            const QString body = QStringLiteral("Post %1\n\n`code`").arg(i);
            heights.height({QString::number(i), 1, body.size()}, body);
        }
        QTRY_VERIFY(heights.isKnown(
            {QString::number(kPosts - 1), 1, QStringLiteral("Post %1\n\n`code`").arg(kPosts - 1).size()}));
        QTRY_VERIFY(arrived.count() > 0);
        // Batches, not a layout of the list per post.
        QVERIFY2(arrived.count() <= kPosts / 50, qPrintable(QString::number(arrived.count())));
    }

    void anotherWidthForgetsTheHeights() {
        BodyHeights heights;
        const QFont font = QApplication::font();
        heights.setGeometry(600, font);
        const BodyKey key{QStringLiteral("p1"), 1, kLongPost.size()};
        heights.store(key, laidOutHere(kLongPost, 600, font));
        QVERIFY(heights.isKnown(key));

        heights.setGeometry(150, font);
        QVERIFY(!heights.isKnown(key));
        heights.height(key, kLongPost);
        QTRY_VERIFY(heights.isKnown(key));
        QCOMPARE(heights.height(key, kLongPost), laidOutHere(kLongPost, 150, font));
        QVERIFY(laidOutHere(kLongPost, 150, font) > laidOutHere(kLongPost, 600, font));
    }

    void imagesInAPostsTextLoadNothing() {
        // A stranger's post pointing at a file on this computer: a plain QTextDocument reads it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.png"));
        QImage secret(8, 8, QImage::Format_RGB32);
        secret.fill(Qt::red);
        QVERIFY(secret.save(path));
        const QString markdown = QStringLiteral("Look: ![x](%1)").arg(QUrl::fromLocalFile(path).toString());
        const QUrl url = QUrl::fromLocalFile(path);

        QTextDocument plain;
        plain.setMarkdown(markdown);
        plain.setTextWidth(300);
        (void)plain.size();
        QVERIFY2(!plain.resource(QTextDocument::ImageResource, url).isNull(), "the risk this guards against");

        devcoll::app::UntrustedTextDocument post;
        devcoll::app::setPostMarkdown(post, markdown, 300, QApplication::font());
        (void)post.size();
        QVERIFY(post.resource(QTextDocument::ImageResource, url).isNull());

        devcoll::app::UntrustedTextBrowser browser;
        browser.setMarkdown(markdown);
        browser.resize(300, 200);
        (void)browser.document()->size();
        QVERIFY(browser.document()->resource(QTextDocument::ImageResource, url).isNull());
    }

    void anEditIsAnotherVersion() {
        BodyHeights heights;
        heights.setGeometry(400, QApplication::font());
        heights.store({QStringLiteral("p1"), 1, 5}, 20);
        QVERIFY(heights.isKnown({QStringLiteral("p1"), 1, 5}));
        QVERIFY(!heights.isKnown({QStringLiteral("p1"), 2, 5}));
        QVERIFY(!heights.isKnown({QStringLiteral("p1"), 1, 6}));
    }
};

QTEST_MAIN(TestBodyHeights)
#include "tst_body_heights.moc"
