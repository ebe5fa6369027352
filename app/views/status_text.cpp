#include "views/status_text.h"

#include <QAccessible>
#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>

namespace devcoll::app {

namespace {

// Wide enough for "Syncing: 1,234 to send, 56 % received" without asking for more.
constexpr int kPreferredCharacters = 48;

}  // namespace

StatusText::StatusText(QWidget* parent) : QWidget(parent) {
    // The width is the status bar's to give: the text never asks for more.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
}

void StatusText::setText(const QString& text) {
    if (text == m_text) return;
    m_text = text;
    // Screen readers hear the new text as the widget's name, as they would a label's.
    setAccessibleName(text);
    update();
}

QSize StatusText::sizeHint() const {
    const QFontMetrics metrics = fontMetrics();
    return {metrics.averageCharWidth() * kPreferredCharacters, metrics.height()};
}

QSize StatusText::minimumSizeHint() const { return {0, fontMetrics().height()}; }

void StatusText::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const QString shown = metrics.elidedText(m_text, Qt::ElideRight, contentsRect().width());
    style()->drawItemText(&painter, contentsRect(), Qt::AlignLeft | Qt::AlignVCenter, palette(), isEnabled(), shown,
                          QPalette::WindowText);
}

void StatusText::changeEvent(QEvent* event) {
    // Another font is another line height: the one time the layout has to hear of it.
    if (event->type() == QEvent::FontChange) updateGeometry();
    QWidget::changeEvent(event);
}

}  // namespace devcoll::app
