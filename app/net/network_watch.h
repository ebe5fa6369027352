#pragma once
// NetworkWatch: tells when the network comes back, so that the sync engine tries at once
// instead of waiting out its backoff. It uses the platform's reachability (NetworkManager on
// Linux, the system's on Windows and macOS) through QNetworkInformation; where there is none
// (a container, a minimal system), the engine's own failures and backoff are all there is.
#include <QObject>

namespace devcoll::app {

class NetworkWatch final : public QObject {
    Q_OBJECT

public:
    explicit NetworkWatch(QObject* parent = nullptr);

    // Whether the platform reports reachability at all.
    bool available() const { return m_available; }

signals:
    // More of the network is reachable than before (connected again, or the internet back).
    void networkBack();

private:
    bool m_available = false;
    int m_reachability = 0;  // QNetworkInformation::Reachability, last seen
};

}  // namespace devcoll::app
