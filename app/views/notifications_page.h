#pragma once
// The notifications view: who followed the user, liked or commented on their posts, replied to
// them or mentioned them, newest first, the unread ones in bold. Activating one (double-click,
// Enter) opens the post it is about, or the profile of who followed. Shown, it marks what it
// shows as read (on this device at once, on the server when it can be reached).
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;

namespace devcoll::app {

class AccountReplica;
class NotificationsModel;

class NotificationsPage final : public QWidget {
    Q_OBJECT

public:
    explicit NotificationsPage(AccountReplica& replica, QWidget* parent = nullptr);

    NotificationsModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    // The replica changed: read the list again.
    void reload();
    // Marks everything shown as read.
    void markAllRead();

signals:
    void openPostRequested(const QString& postId);
    void openProfileRequested(const QString& userId);
    // The read mark moved here (the badge counts again).
    void markedRead();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void open(const QModelIndex& index);
    void updateStatus();

    AccountReplica& m_replica;
    NotificationsModel* m_model = nullptr;
    QListView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_markRead = nullptr;
    bool m_markWhenLoaded = false;
};

}  // namespace devcoll::app
