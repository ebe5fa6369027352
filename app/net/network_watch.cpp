#include "net/network_watch.h"

#include <QNetworkInformation>

namespace devcoll::app {
namespace {

// A server on this machine or the local network is reachable from "Local" and "Site" too.
bool online(QNetworkInformation::Reachability reachability) {
    return reachability != QNetworkInformation::Reachability::Disconnected &&
           reachability != QNetworkInformation::Reachability::Unknown;
}

}  // namespace

NetworkWatch::NetworkWatch(QObject* parent) : QObject(parent) {
    m_available = QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    if (!m_available) return;
    QNetworkInformation* info = QNetworkInformation::instance();
    m_wasOnline = online(info->reachability());
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                const bool now = online(reachability);
                if (now && !m_wasOnline) emit networkBack();
                m_wasOnline = now;
            });
}

}  // namespace devcoll::app
