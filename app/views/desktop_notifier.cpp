#include "views/desktop_notifier.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QSystemTrayIcon>
#include <QVariantMap>

#ifdef DEVCOLL_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

namespace devcoll::app {
namespace {

#ifdef DEVCOLL_HAVE_DBUS
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
#endif
// How long a notification stays, as the notification service's "expire_timeout" (ms).
constexpr int kShowMs = 10'000;

}  // namespace

DesktopNotifier::DesktopNotifier(QObject* parent) : QObject(parent) {
#ifdef DEVCOLL_HAVE_DBUS
    QDBusConnection bus = QDBusConnection::sessionBus();
    // Running now, or started by the bus on the first call (dunst, mako and others are).
    if (bus.isConnected() && bus.interface() &&
        (bus.interface()->isServiceRegistered(kService).value() ||
         bus.interface()->activatableServiceNames().value().contains(kService))) {
        m_freedesktop = true;
        bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                    SLOT(onActionInvoked(uint, QString)));
        bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                    SLOT(onClosed(uint, uint)));
    }
#endif
}

void DesktopNotifier::show(const QString& title, const QString& body, const QString& target) {
    emit shown(title, body, target);
    if (m_freedesktop && showThroughFreedesktop(title, body, target)) return;
    showThroughTray(title, body, target);
}

void DesktopNotifier::activate(const QString& target) {
    if (!target.isEmpty()) emit activated(target);
}

bool DesktopNotifier::showThroughFreedesktop(const QString& title, const QString& body, const QString& target) {
#ifdef DEVCOLL_HAVE_DBUS
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QGuiApplication::desktopFileName());
    //: The action of a desktop notification that opens what it is about in devcoll.
    const QStringList actions{QStringLiteral("default"), tr("Open")};
    // The body is markup to some notification services: what people wrote is escaped.
    call << QCoreApplication::applicationName() << uint(0) << QStringLiteral("devcoll-desktop") << title
         << body.toHtmlEscaped() << actions << hints << kShowMs;
    auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, target] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (!reply.isError()) m_targets.insert(reply.value(), target);
    });
    return true;
#else
    Q_UNUSED(title);
    Q_UNUSED(body);
    Q_UNUSED(target);
    return false;
#endif
}

void DesktopNotifier::showThroughTray(const QString& title, const QString& body, const QString& target) {
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages()) return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/devcoll.svg")), this);
        m_tray->setToolTip(tr("devcoll"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { activate(m_trayTarget); });
        m_tray->show();
    }
    m_trayTarget = target;
    m_tray->showMessage(title, body, QIcon(QStringLiteral(":/icons/devcoll.svg")), kShowMs);
}

void DesktopNotifier::onActionInvoked(uint id, const QString& action) {
    Q_UNUSED(action);  // "default" (a click on the notification) or "default" as its button
    activate(m_targets.take(id));
}

void DesktopNotifier::onClosed(uint id, uint reason) {
    Q_UNUSED(reason);
    m_targets.remove(id);
}

}  // namespace devcoll::app
