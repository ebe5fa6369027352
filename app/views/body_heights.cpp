#include "views/body_heights.h"

#include <QFontMetrics>
#include <QTextDocument>
#include <QtConcurrent/QtConcurrentRun>

#include "views/untrusted_text.h"

#include <cmath>

namespace devcoll::app {

namespace {

// Bodies laid out per trip to the worker: small enough that the rows on screen get their real
// heights soon, large enough that the list is not laid out again for every post.
constexpr std::size_t kBatchSize = 100;
// Heights kept; a list asks for every row's, so this is far more than the rows on screen.
constexpr qsizetype kMaxHeights = 100'000;

int documentHeight(const QString& markdown, int width, const QFont& font) {
    UntrustedTextDocument document;
    setPostMarkdown(document, markdown, width, font);
    return int(std::ceil(document.size().height()));
}

}  // namespace

size_t qHash(const BodyKey& key, size_t seed) noexcept {
    return qHashMulti(seed, key.postId, key.updatedAtMs, key.bodySize);
}

void setPostMarkdown(QTextDocument& document, const QString& markdown, int width, const QFont& font) {
    document.setDefaultFont(font);
    document.setDocumentMargin(0);
    document.setMarkdown(markdown, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub |
                                                                   QTextDocument::MarkdownNoHTML));
    document.setTextWidth(width);
}

BodyHeights::BodyHeights(QObject* parent) : QObject(parent) {
    connect(&m_batch, &QFutureWatcherBase::finished, this, &BodyHeights::batchDone);
}

BodyHeights::~BodyHeights() {
    // A batch in flight reads nothing of this object, but its result must not arrive at a dead one.
    m_batch.waitForFinished();
}

void BodyHeights::setGeometry(int width, const QFont& font) {
    if (width == m_width && font == m_font) return;
    m_width = width;
    m_font = font;
    ++m_generation;
    m_heights.clear();
    m_waiting.clear();
    m_waitingKeys.clear();
}

int BodyHeights::height(const BodyKey& key, const QString& markdown) {
    if (const auto found = m_heights.constFind(key); found != m_heights.cend()) return found.value();
    if (!m_waitingKeys.contains(key)) {
        m_waitingKeys.insert(key);
        m_waiting.emplace_back(key, markdown);
        if (!m_batchRunning) startBatch();
    }
    return estimate(markdown);
}

void BodyHeights::store(const BodyKey& key, int height) {
    if (m_heights.size() >= kMaxHeights) m_heights.clear();
    const auto found = m_heights.find(key);
    if (found != m_heights.end() && found.value() == height) return;
    m_heights.insert(key, height);
    announce();
}

int BodyHeights::estimate(const QString& markdown) const {
    // Each line of text wrapped at the width, each blank line as a paragraph's spacing: near enough
    // for the moment until the worker has laid it out.
    const QFontMetrics metrics(m_font);
    const qsizetype perLine = std::max(1, m_width / std::max(1, metrics.averageCharWidth()));
    qsizetype lines = 0;
    for (const QStringView line : QStringView(markdown).split(QLatin1Char('\n'))) {
        lines += std::max<qsizetype>(1, (line.trimmed().size() + perLine - 1) / perLine);
    }
    return int(std::max<qsizetype>(1, lines)) * metrics.lineSpacing();
}

void BodyHeights::startBatch() {
    std::vector<std::pair<BodyKey, QString>> batch;
    while (!m_waiting.empty() && batch.size() < kBatchSize) {
        batch.push_back(std::move(m_waiting.front()));
        m_waiting.pop_front();
    }
    if (batch.empty()) return;
    m_batchRunning = true;
    m_batchGeneration = m_generation;
    // The worker builds its own font from the description: a QFont copy would share its engine
    // cache with the GUI thread's.
    m_batch.setFuture(QtConcurrent::run([batch = std::move(batch), width = m_width, fontName = m_font.toString()] {
        QFont font;
        font.fromString(fontName);
        Result heights;
        heights.reserve(batch.size());
        for (const auto& [key, markdown] : batch) heights.emplace_back(key, documentHeight(markdown, width, font));
        return heights;
    }));
}

void BodyHeights::batchDone() {
    m_batchRunning = false;
    if (m_batchGeneration == m_generation) {
        for (const auto& [key, height] : m_batch.result()) {
            m_waitingKeys.remove(key);
            // A height painting laid out meanwhile is the same; keep the first.
            if (!m_heights.contains(key)) store(key, height);
        }
    }
    startBatch();
}

void BodyHeights::announce() {
    // Once per turn of the event loop, however many heights came in: one layout of the rows.
    if (m_announcing) return;
    m_announcing = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_announcing = false;
            emit arrived();
        },
        Qt::QueuedConnection);
}

}  // namespace devcoll::app
