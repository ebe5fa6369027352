#pragma once
// The moderation queue, for moderators and admins: the open reports as last fetched from the
// server (kept in the replica, so the queue reads offline), each with what was reported, why,
// by how many, and when; and the decisions on them (dismiss, hide, remove, suspend the
// author), each with a reason for the affected user. A decision joins the queue of unsent
// changes and goes when the server can be reached; until then the report says it waits, and
// if another moderator acted first the report says so.
#include <QWidget>

#include <utility>

#include "server_address.h"
#include "store/moderation_queue.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace devcoll::app {

class AccountReplica;

class ModerationPage final : public QWidget {
    Q_OBJECT

public:
    ModerationPage(AccountReplica& replica, ServerAddress server, QWidget* parent = nullptr);

    // Fetches the open reports from the server into the replica (offline: the queue stays as
    // last fetched, and the page says so).
    void refresh();
    // Decides on the selected report with `reason` (the buttons ask for it first).
    void decideSelected(ModerationDecision decision, const QString& reason);
    // Decides on the report `reportId`, whatever is selected by the time the decision is queued.
    void decideOn(const QString& reportId, ModerationDecision decision, const QString& reason);
    // The shown reports, for tests.
    const QList<ReportRow>& reports() const { return m_reports; }

Q_SIGNALS:
    // The queue on this device was read again (after a fetch, a decision or a sync).
    void reloaded();

private:
    void reload();
    void show(const QList<ReportRow>& reports);
    void updateButtons();
    void ask(ModerationDecision decision);
    const ReportRow* selected() const;
    QString describe(const ReportRow& report) const;

    AccountReplica& m_replica;
    const ServerAddress m_server;
    QLabel* m_status = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_dismiss = nullptr;
    QPushButton* m_hide = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_suspend = nullptr;
    QList<ReportRow> m_reports;
    std::pair<int, int> m_actionCounts{-1, -1};  // unsent changes and issues, when last read
};

}  // namespace devcoll::app
