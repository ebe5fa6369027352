#pragma once
// MainWindow: the app's top-level window. For now it says which server the app will talk to and
// that it is offline; the feed, profile and search views come later.
#include "server_address.h"

#include <QMainWindow>

class QAction;
class QLabel;

namespace devcoll::app {

class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const ServerAddress& server, QWidget* parent = nullptr);

    const ServerAddress& serverAddress() const { return m_server; }

private:
    void createMenus();
    void showAbout();

    ServerAddress m_server;
    QLabel* m_serverLabel = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
};

}  // namespace devcoll::app
