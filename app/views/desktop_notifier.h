#pragma once
// DesktopNotifier: notifications outside the window, through the platform. On Linux it speaks
// to the freedesktop.org notification service over D-Bus (with an "Open" action); elsewhere,
// or where no such service runs, it shows a message from the system tray; where neither
// exists (a test's offscreen platform) nothing appears. Clicking a notification gives back the
// target it was shown with ("post:<id>", "user:<id>"), for the window to open.
#include <QHash>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace devcoll::app {

class DesktopNotifier final : public QObject {
    Q_OBJECT

public:
    explicit DesktopNotifier(QObject* parent = nullptr);

    // Shows `title` with `body`; activated(target) when the user clicks it.
    void show(const QString& title, const QString& body, const QString& target);
    // As if the user clicked the notification shown with `target`.
    void activate(const QString& target);

signals:
    // Each notification handed to the platform (also where it shows nothing).
    void shown(const QString& title, const QString& body, const QString& target);
    void activated(const QString& target);

private slots:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);

private:
    bool showThroughFreedesktop(const QString& title, const QString& body, const QString& target);
    void showThroughTray(const QString& title, const QString& body, const QString& target);

    bool m_freedesktop = false;
    QHash<uint, QString> m_targets;  // freedesktop notification id -> target
    QSystemTrayIcon* m_tray = nullptr;
    QString m_trayTarget;  // the tray shows one message at a time
};

}  // namespace devcoll::app
