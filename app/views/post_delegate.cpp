#include "views/post_delegate.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QIcon>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>
#include <QTextFrame>

#include "views/feed_model.h"
#include "views/relative_time.h"
#include "views/untrusted_text.h"

namespace devcoll::app {

namespace {

constexpr int kDocumentCacheSize = 400;  // posts laid out and kept: a few screens' worth
constexpr int kThumbnailSize = 96;
constexpr int kIconSize = 16;

// Spacing follows the font, so the rows scale with the user's text size and the screen's DPI.
int spacing(const QFontMetrics& fm) { return fm.height() / 2; }

QColor muted(const QPalette& palette) {
    QColor c = palette.color(QPalette::Text);
    c.setAlphaF(0.6f);
    return c;
}

}  // namespace

// Where each part of a post goes within its row.
struct PostDelegate::Layout final {
    QRect header;
    QRect body;
    QRect media;
    QRect footer;
    int height = 0;
};

PostDelegate::PostDelegate(QObject* parent)
    : QStyledItemDelegate(parent),
      m_now([] { return QDateTime::currentDateTimeUtc(); }),
      m_documents(kDocumentCacheSize),
      m_heights(new BodyHeights(this)) {
    // Rows are laid out again, once, when a batch of real heights replaces the estimates.
    connect(m_heights, &BodyHeights::arrived, this, [this] { emit sizeHintChanged(QModelIndex()); });
}

namespace {

// A laid-out document is for one version of the post, one width and one font.
QString documentKey(const QModelIndex& index, int width, const QFont& font) {
    return index.data(FeedModel::IdRole).toString() + QLatin1Char('/') +
           QString::number(index.data(FeedModel::UpdatedAtRole).toDateTime().toMSecsSinceEpoch()) + QLatin1Char('/') +
           QString::number(index.data(FeedModel::BodyRole).toString().size()) + QLatin1Char('/') +
           QString::number(width) + QLatin1Char('/') + font.key();
}

BodyKey bodyKey(const QModelIndex& index) {
    return {index.data(FeedModel::IdRole).toString(),
            index.data(FeedModel::UpdatedAtRole).toDateTime().toMSecsSinceEpoch(),
            index.data(FeedModel::BodyRole).toString().size()};
}

}  // namespace

void PostDelegate::useThumbnails(ThumbnailCache* cache, QAbstractItemView* view) {
    setThumbnails(
        [cache = QPointer(cache)](const QString& mediaId) { return cache ? cache->thumbnail(mediaId) : QPixmap(); });
    connect(cache, &ThumbnailCache::arrived, view->viewport(), qOverload<>(&QWidget::update));
}

int PostDelegate::bodyHeight(const QModelIndex& index, int width, const QFont& font) const {
    m_heights->setGeometry(width, font);
    return m_heights->height(bodyKey(index), index.data(FeedModel::BodyRole).toString());
}

QTextDocument* PostDelegate::bodyDocument(const QModelIndex& index, int width, const QFont& font) const {
    const QString key = documentKey(index, width, font);
    if (QTextDocument* cached = m_documents.object(key)) return cached;
    auto document = std::make_unique<UntrustedTextDocument>();
    setPostMarkdown(*document, index.data(FeedModel::BodyRole).toString(), width, font);
    QTextDocument* raw = document.get();
    m_documents.insert(key, document.release());
    // The row is on screen: its real height now, if the worker has not said it yet.
    m_heights->setGeometry(width, font);
    m_heights->store(bodyKey(index), int(std::ceil(raw->size().height())));
    return raw;
}

PostDelegate::Layout PostDelegate::layout(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics fm(option.font);
    const int pad = spacing(fm);
    const QRect area = option.rect.adjusted(pad * 2, pad, -pad * 2, -pad);
    Layout l;
    int y = area.top();
    l.header = QRect(area.left(), y, area.width(), fm.height());
    y += fm.height() + pad / 2;
    const int bodyHeight = this->bodyHeight(index, std::max(1, area.width()), option.font);
    l.body = QRect(area.left(), y, area.width(), bodyHeight);
    y += bodyHeight;
    if (!index.data(FeedModel::MediaIdsRole).toStringList().isEmpty()) {
        y += pad;
        l.media = QRect(area.left(), y, area.width(), kThumbnailSize);
        y += kThumbnailSize;
    }
    // Counts for posts the replica holds; a profile has none, and the server's search does not
    // say them.
    if (!index.data(FeedModel::IsProfileRole).toBool() && !index.data(FeedModel::FromServerRole).toBool()) {
        y += pad / 2;
        l.footer = QRect(area.left(), y, area.width(), std::max(fm.height(), kIconSize));
        y += l.footer.height();
    }
    l.height = y + pad - option.rect.top();
    return l;
}

QSize PostDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    // Asked for every row whenever rows change, so no initStyleOption(): of all it reads from the
    // model, only the font would matter, and the model does not set one.
    QStyleOptionViewItem opt = option;
    // The view asks before it knows the row's place: lay out for the view's width.
    const auto* view = qobject_cast<const QAbstractItemView*>(option.widget);
    const int width = view ? view->viewport()->width() : std::max(opt.rect.width(), 400);
    opt.rect = QRect(0, 0, width, 0);
    return {width, layout(opt, index).height};
}

void PostDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();  // the style draws the background and focus; the post is drawn here
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    // The row is on screen: its document is laid out first, so its height is the real one.
    const QFontMetrics fm(option.font);
    bodyDocument(index, std::max(1, option.rect.width() - spacing(fm) * 4), option.font);
    const Layout l = layout(option, index);
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dim = selected ? text : muted(palette);

    painter->save();
    painter->setClipRect(option.rect);

    // Header: display name, @username and time; the pending badge on the right.
    QFont bold = option.font;
    bold.setBold(true);
    const QString username = index.data(FeedModel::AuthorUsernameRole).toString();
    QString name = index.data(FeedModel::AuthorDisplayNameRole).toString();
    if (name.isEmpty()) name = username;
    //: Shown in place of the author's name while their profile is not on this computer yet.
    if (name.isEmpty()) name = tr("Someone");
    int x = l.header.left();
    int right = l.header.right();
    const auto drawBadge = [&](const QString& badge, const QColor& fill, const QColor& ink) {
        const int w = fm.horizontalAdvance(badge) + fm.height();
        const QRect r(right - w, l.header.top(), w, l.header.height());
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), r.height() / 2.0, r.height() / 2.0);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->fillPath(path, fill);
        painter->setPen(ink);
        painter->drawText(r, Qt::AlignCenter, badge);
        right = r.left() - spacing(fm);
    };
    if (index.data(FeedModel::PendingRole).toBool()) {
        //: A badge on a post or change not yet confirmed by the server.
        drawBadge(tr("Pending"), QColor(0xfe, 0xf3, 0xc7), QColor(0x92, 0x40, 0x0e));
    }
    if (index.data(FeedModel::HiddenRole).toBool()) {
        //: A badge on the author's own post that a moderator hid (its tooltip says why).
        drawBadge(tr("Hidden by a moderator"), QColor(0xfe, 0xe2, 0xe2), QColor(0x99, 0x1b, 0x1b));
    }
    if (index.data(FeedModel::FromServerRole).toBool()) {
        //: A badge on a search result found on the server, not on this computer.
        drawBadge(tr("From the server"), QColor(0xdb, 0xea, 0xfe), QColor(0x1e, 0x40, 0xaf));
    }
    painter->setFont(bold);
    painter->setPen(text);
    const QFontMetrics bfm(bold);
    const QString shownName = bfm.elidedText(name, Qt::ElideRight, std::max(0, (right - x) / 2));
    painter->drawText(QRect(x, l.header.top(), right - x, l.header.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      shownName);
    x += bfm.horizontalAdvance(shownName) + fm.horizontalAdvance(QLatin1Char(' '));
    painter->setFont(option.font);
    painter->setPen(dim);
    QString detail = username.isEmpty() ? QString() : QLatin1Char('@') + username;
    const QString when = relativeTime(index.data(FeedModel::CreatedAtRole).toDateTime(), m_now());
    if (!when.isEmpty()) detail += (detail.isEmpty() ? QString() : QStringLiteral(" · ")) + when;
    painter->drawText(QRect(x, l.header.top(), std::max(0, right - x), l.header.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(detail, Qt::ElideMiddle, std::max(0, right - x)));

    // Body: the Markdown, laid out once.
    QTextDocument* doc = bodyDocument(index, std::max(1, l.body.width()), option.font);
    painter->translate(l.body.topLeft());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette;
    context.palette.setColor(QPalette::Text, text);
    context.clip = QRectF(0, 0, l.body.width(), l.body.height());
    doc->documentLayout()->draw(painter, context);
    painter->translate(-l.body.topLeft());

    // Media: a thumbnail per image, a placeholder until it is here.
    if (l.media.isValid()) {
        int mx = l.media.left();
        for (const QString& mediaId : index.data(FeedModel::MediaIdsRole).toStringList()) {
            const QRect slot(mx, l.media.top(), kThumbnailSize, kThumbnailSize);
            if (slot.right() > l.media.right()) break;
            const QPixmap thumb = m_thumbnail ? m_thumbnail(mediaId) : QPixmap();
            if (!thumb.isNull()) {
                const QPixmap scaled = thumb.scaled(slot.size() * painter->device()->devicePixelRatioF(),
                                                    Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
                painter->drawPixmap(slot, scaled,
                                    QRect(QPoint((scaled.width() - slot.width()) / 2, 0),
                                          slot.size() * painter->device()->devicePixelRatioF()));
            } else {
                painter->fillRect(slot, palette.color(QPalette::AlternateBase));
                QIcon(QStringLiteral(":/icons/image.svg"))
                    .paint(painter, slot.adjusted(kThumbnailSize / 3, kThumbnailSize / 3, -kThumbnailSize / 3,
                                                  -kThumbnailSize / 3));
            }
            mx += kThumbnailSize + spacing(fm);
        }
    }

    if (!l.footer.isValid()) {
        painter->setPen(palette.color(QPalette::Mid));
        painter->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
        painter->restore();
        return;
    }

    // Footer: likes (filled when mine) and comments.
    const bool liked = index.data(FeedModel::LikedByMeRole).toBool();
    const int likes = index.data(FeedModel::LikeCountRole).toInt();
    const int comments = index.data(FeedModel::CommentCountRole).toInt();
    int fx = l.footer.left();
    const int iconTop = l.footer.top() + (l.footer.height() - kIconSize) / 2;
    const auto drawCount = [&](const QString& icon, int count) {
        QIcon(icon).paint(painter, QRect(fx, iconTop, kIconSize, kIconSize));
        fx += kIconSize + fm.horizontalAdvance(QLatin1Char(' '));
        const QString n = QLocale().toString(count);
        painter->drawText(QRect(fx, l.footer.top(), fm.horizontalAdvance(n) + 1, l.footer.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, n);
        fx += fm.horizontalAdvance(n) + fm.height() * 2;
    };
    painter->setPen(dim);
    drawCount(liked ? QStringLiteral(":/icons/heart-filled.svg") : QStringLiteral(":/icons/heart.svg"), likes);
    drawCount(QStringLiteral(":/icons/comment.svg"), comments);

    // A thin line between posts.
    painter->setPen(palette.color(QPalette::Mid));
    painter->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
    painter->restore();
}

}  // namespace devcoll::app
