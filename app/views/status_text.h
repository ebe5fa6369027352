#pragma once
// StatusText: a line of text for a status bar that changes many times a second (sync progress)
// without laying the window out again. A QLabel asks its parents for a new layout on every
// setText(), and a main window's layout costs milliseconds; this widget keeps one line's height,
// elides what does not fit and only repaints.
#include <QString>
#include <QWidget>

namespace devcoll::app {

class StatusText final : public QWidget {
    Q_OBJECT

public:
    explicit StatusText(QWidget* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QString m_text;
};

}  // namespace devcoll::app
