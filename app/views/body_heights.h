#pragma once
// BodyHeights: how tall each post's Markdown is when laid out for a list's width, worked out on a
// worker thread. A list asks every row's height whenever rows arrive (a thousand new rows while a
// feed syncs), and laying out Markdown costs a fraction of a millisecond per post: done on the
// GUI thread, that freezes the window. Until a post's height is known an estimate from its text
// stands in, and `arrived` tells the list to lay its rows out again with the real heights.
#include <QFont>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

class QTextDocument;

#include <deque>
#include <utility>
#include <vector>

namespace devcoll::app {

// One version of one post's body: an edit makes another.
struct BodyKey final {
    QString postId;
    qint64 updatedAtMs = 0;
    qsizetype bodySize = 0;
    friend bool operator==(const BodyKey&, const BodyKey&) = default;
};
size_t qHash(const BodyKey& key, size_t seed = 0) noexcept;

// A post's Markdown as a list shows it: GitHub's dialect (fenced code, tables), no raw HTML, since
// a post is text from strangers. The same on the GUI thread and the worker, so heights agree.
void setPostMarkdown(QTextDocument& document, const QString& markdown, int width, const QFont& font);

class BodyHeights final : public QObject {
    Q_OBJECT

public:
    explicit BodyHeights(QObject* parent = nullptr);
    ~BodyHeights() override;

    // The width and font the heights are for; another width or font forgets them all.
    void setGeometry(int width, const QFont& font);
    int geometryChanges() const { return int(m_generation); }
    // The height once laid out; until then an estimate, and the body waits for the worker.
    int height(const BodyKey& key, const QString& markdown);
    bool isKnown(const BodyKey& key) const { return m_heights.contains(key); }
    // A height laid out on the GUI thread (painting does that for the rows on screen).
    void store(const BodyKey& key, int height);

signals:
    // Laid-out heights replaced estimates: the rows should be laid out again.
    void arrived();

private:
    using Result = std::vector<std::pair<BodyKey, int>>;
    int estimate(const QString& markdown) const;
    void startBatch();
    void batchDone();
    void announce();

    int m_width = 0;
    QFont m_font;
    quint64 m_generation = 0;  // counts geometry changes: a batch for an older one is dropped
    quint64 m_batchGeneration = 0;
    QHash<BodyKey, int> m_heights;
    std::deque<std::pair<BodyKey, QString>> m_waiting;
    QSet<BodyKey> m_waitingKeys;
    QFutureWatcher<Result> m_batch;
    bool m_batchRunning = false;  // until its result is taken, not only computed
    bool m_announcing = false;
};

}  // namespace devcoll::app
