#pragma once
// PostListView: a list of posts as the feed, a profile and search show them (PostDelegate),
// with what one does to a post: open it (Return, double-click), like or unlike it (Ctrl+L),
// go to its author (Ctrl+P), and edit or delete one's own (Ctrl+E, Delete), from the keyboard or
// the context menu. Relative times are redrawn every minute.
#include <QListView>
#include <QTimer>

#include "views/post_delegate.h"
#include "views/user_actions.h"

class QAction;

namespace devcoll::app {

class PostListView final : public QListView {
    Q_OBJECT

public:
    explicit PostListView(UserActions& actions, QWidget* parent = nullptr);

    PostDelegate* postDelegate() const { return m_delegate; }

    // The actions on the current post, for the window's Post menu.
    QAction* openAction() const { return m_open; }
    QAction* likeAction() const { return m_like; }
    QAction* authorAction() const { return m_author; }
    QAction* editAction() const { return m_edit; }
    QAction* deleteAction() const { return m_delete; }

    // The current post's like, as Ctrl+L does it.
    void toggleLike();

signals:
    void openPostRequested(const QString& postId);
    void openProfileRequested(const QString& userId);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void currentChanged(const QModelIndex& current, const QModelIndex& previous) override;
    void resizeEvent(QResizeEvent* event) override;
    void dataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                     const QList<int>& roles = QList<int>()) override;

private:
    QAction* addPostAction(const QString& text, const QKeySequence& key, const QString& objectName);
    void updateActions();
    void editCurrent();
    void deleteCurrent();
    bool currentIsMine() const;

    UserActions& m_actions;
    PostDelegate* m_delegate = nullptr;
    QTimer m_clock;
    QAction* m_open = nullptr;
    QAction* m_like = nullptr;
    QAction* m_author = nullptr;
    QAction* m_edit = nullptr;
    QAction* m_delete = nullptr;
};

}  // namespace devcoll::app
