#pragma once
// ActionIssuesDialog: the user's changes the server did not take, one at a time. A conflict
// (someone changed the same thing first, e.g. the post from another device) shows both
// versions side by side and keeps one: "Keep mine" sends the user's on top of the server's,
// "Keep the server's" drops the user's. A change refused for good (quarantined) shows the
// server's reason with "Try again" and "Discard". The list is read on the store thread and
// read again after each answer.
#include <QDialog>
#include <QFutureWatcher>
#include <QList>

#include "store/pending_actions.h"
#include "sync/account_replica.h"
#include "views/user_actions.h"

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace devcoll::app {

class ActionIssuesDialog final : public QDialog {
    Q_OBJECT

public:
    ActionIssuesDialog(AccountReplica& replica, UserActions& actions, QWidget* parent = nullptr);

    // Reads the list again (after the sync changed it).
    void reload();

private:
    struct Issue final {
        ActionIssue issue;
        QString theirs;  // a conflicting post's text as the server has it now
    };
    void showIssues(const QList<Issue>& issues);
    void showCurrent();
    void answer(QFuture<Status> (UserActions::*how)(qint64));
    static QString describe(const ActionIssue& issue);

    AccountReplica& m_replica;
    UserActions& m_actions;
    QList<Issue> m_issues;
    QListWidget* m_list = nullptr;
    QLabel* m_explanation = nullptr;
    QTextBrowser* m_mine = nullptr;
    QTextBrowser* m_theirs = nullptr;
    QLabel* m_mineTitle = nullptr;
    QLabel* m_theirsTitle = nullptr;
    QPushButton* m_keepMine = nullptr;
    QPushButton* m_keepTheirs = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_discard = nullptr;
    QFutureWatcher<Result<QList<Issue>>> m_read;
    QFutureWatcher<Status> m_answer;
};

}  // namespace devcoll::app
