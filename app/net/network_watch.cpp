#include "net/network_watch.h"

#include <QNetworkInformation>

namespace devcoll::app {
NetworkWatch::NetworkWatch(QObject* parent) : QObject(parent) {
    m_available = QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    if (!m_available) return;
    QNetworkInformation* info = QNetworkInformation::instance();
    m_reachability = static_cast<int>(info->reachability());
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                // Any step up counts (Disconnected < Local < Site < Online): a server on the
                // local network is back with Local, one on the internet with Online.
                const int now = static_cast<int>(reachability);
                const bool up = now > m_reachability && reachability != QNetworkInformation::Reachability::Disconnected;
                m_reachability = now;
                if (up) emit networkBack();
            });
}

}  // namespace devcoll::app
