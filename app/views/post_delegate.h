#pragma once
// PostDelegate: how a post looks in a list (the feed, a profile, search results): who wrote it
// and when ("3 h"), its Markdown body with code blocks, the images it carries, its like and
// comment counts, and a "Pending" badge while the server has not confirmed it. The Markdown of
// the rows on screen is laid out once per post version and width and kept (a cache), so
// scrolling only paints; the heights of all the other rows are worked out on a worker thread.
#include <QAbstractItemView>
#include <QCache>
#include <QDateTime>
#include <QPixmap>
#include <QStyledItemDelegate>
#include <QTextDocument>

#include "views/body_heights.h"
#include "views/thumbnail_cache.h"

#include <functional>
#include <memory>

namespace devcoll::app {

class PostDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit PostDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The clock the relative times are told by (tests fix it).
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }
    // Where the images' thumbnails come from; a null pixmap (not there yet) draws a placeholder.
    void setThumbnails(std::function<QPixmap(const QString& mediaId)> thumbnail) { m_thumbnail = std::move(thumbnail); }
    // Thumbnails from the account's cache; `view` repaints as they arrive.
    void useThumbnails(ThumbnailCache* cache, QAbstractItemView* view);

    // The post's Markdown as laid out for `width` pixels of text (cached).
    QTextDocument* bodyDocument(const QModelIndex& index, int width, const QFont& font) const;
    // Its height: kept for many more posts than the laid-out documents, since a list asks every
    // row's height whenever its rows change and only paints the few on screen. A post not laid
    // out yet gets an estimate while a worker thread lays it out (BodyHeights).
    int bodyHeight(const QModelIndex& index, int width, const QFont& font) const;

private:
    struct Layout;
    Layout layout(const QStyleOptionViewItem& option, const QModelIndex& index) const;

    std::function<QDateTime()> m_now;
    std::function<QPixmap(const QString&)> m_thumbnail;
    mutable QCache<QString, QTextDocument> m_documents;
    BodyHeights* m_heights;
};

}  // namespace devcoll::app
