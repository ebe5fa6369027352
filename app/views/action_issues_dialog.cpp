#include "views/action_issues_dialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "store/replica_reads.h"
#include "views/untrusted_text.h"

namespace devcoll::app {

ActionIssuesDialog::ActionIssuesDialog(AccountReplica& replica, UserActions& actions, QWidget* parent)
    : QDialog(parent), m_replica(replica), m_actions(actions) {
    setWindowTitle(tr("Changes needing your attention"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("issueList"));
    m_list->setAccessibleName(tr("Changes needing your attention"));
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("issueExplanation"));
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    m_mineTitle = new QLabel(tr("Your version"), this);
    m_theirsTitle = new QLabel(tr("On the server"), this);
    m_mine = new UntrustedTextBrowser(this);
    m_mine->setObjectName(QStringLiteral("mineText"));
    m_mine->setAccessibleName(tr("Your version"));
    m_theirs = new UntrustedTextBrowser(this);
    m_theirs->setObjectName(QStringLiteral("theirsText"));
    m_theirs->setAccessibleName(tr("The server's version"));

    m_keepMine = new QPushButton(tr("Keep &mine"), this);
    m_keepMine->setObjectName(QStringLiteral("keepMineButton"));
    m_keepMine->setToolTip(tr("Send your version again, over the server's"));
    m_keepTheirs = new QPushButton(tr("Keep the &server's"), this);
    m_keepTheirs->setObjectName(QStringLiteral("keepTheirsButton"));
    m_keepTheirs->setToolTip(tr("Drop your change and keep the version on the server"));
    m_retry = new QPushButton(tr("&Try again"), this);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_discard = new QPushButton(tr("&Discard"), this);
    m_discard->setObjectName(QStringLiteral("discardButton"));
    m_discard->setToolTip(tr("Drop the change; what it did is undone on this computer"));
    connect(m_keepMine, &QPushButton::clicked, this, [this] { answer(&UserActions::keepMine); });
    connect(m_keepTheirs, &QPushButton::clicked, this, [this] { answer(&UserActions::discard); });
    connect(m_retry, &QPushButton::clicked, this, [this] { answer(&UserActions::retry); });
    connect(m_discard, &QPushButton::clicked, this, [this] { answer(&UserActions::discard); });

    auto* versions = new QGridLayout;
    versions->addWidget(m_mineTitle, 0, 0);
    versions->addWidget(m_theirsTitle, 0, 1);
    versions->addWidget(m_mine, 1, 0);
    versions->addWidget(m_theirs, 1, 1);
    auto* answers = new QHBoxLayout;
    for (QPushButton* b : {m_keepMine, m_keepTheirs, m_retry, m_discard}) answers->addWidget(b);
    answers->addStretch(1);
    auto* detail = new QVBoxLayout;
    detail->addWidget(m_explanation);
    detail->addLayout(versions, 1);
    detail->addLayout(answers);
    auto* body = new QHBoxLayout;
    body->addWidget(m_list, 1);
    body->addLayout(detail, 2);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(close);

    connect(m_list, &QListWidget::currentRowChanged, this, &ActionIssuesDialog::showCurrent);
    connect(&m_read, &QFutureWatcherBase::finished, this, [this] {
        const Result<QList<Issue>> issues = m_read.result();
        showIssues(issues.ok() ? *issues : QList<Issue>());
    });
    connect(&m_answer, &QFutureWatcherBase::finished, this, [this] {
        const Status outcome = m_answer.result();
        if (!outcome.ok()) m_explanation->setText(UserActions::errorMessage(outcome.error()));
        reload();
    });
    resize(fontMetrics().averageCharWidth() * 110, fontMetrics().height() * 28);
    showCurrent();
    reload();
}

void ActionIssuesDialog::reload() {
    if (m_read.isRunning()) return;
    const QString account = m_replica.accountId();
    m_read.setFuture(m_replica.store().run<QList<Issue>>([account](ReplicaDatabase& db) -> Result<QList<Issue>> {
        DEVCOLL_TRY(const QList<ActionIssue> found, actionIssues(db));
        QList<Issue> issues;
        for (const ActionIssue& i : found) {
            Issue issue{i, {}};
            if (i.conflict && (i.kind == ActionKind::EditPost || i.kind == ActionKind::DeletePost)) {
                DEVCOLL_TRY(auto post, postById(db, account, i.entityId));
                if (post) issue.theirs = post->body;
            }
            issues.append(issue);
        }
        return issues;
    }));
}

QString ActionIssuesDialog::describe(const ActionIssue& issue) {
    switch (issue.kind) {
        case ActionKind::CreatePost:
            return tr("New post");
        case ActionKind::EditPost:
            return tr("Edit of a post");
        case ActionKind::DeletePost:
            return tr("Deletion of a post");
        case ActionKind::LikePost:
            return tr("Like");
        case ActionKind::UnlikePost:
            return tr("Unlike");
        case ActionKind::CreateComment:
            return tr("Comment");
        case ActionKind::Follow:
            return tr("Follow");
        case ActionKind::Unfollow:
            return tr("Unfollow");
        case ActionKind::EditProfile:
            return tr("Edit of your profile");
        case ActionKind::UploadMedia:
            return tr("Image upload");
        case ActionKind::DismissReport:
            return tr("Dismissal of a report");
        case ActionKind::HidePost:
        case ActionKind::HideComment:
            return tr("Hiding reported content");
        case ActionKind::RemovePost:
        case ActionKind::RemoveComment:
            return tr("Removal of reported content");
        case ActionKind::SuspendUser:
            return tr("Suspension of an account");
        case ActionKind::MarkNotificationsRead:
            return tr("Notifications marked as read");
        case ActionKind::UpdateNotificationPreferences:
            return tr("Notification settings");
    }
    return tr("Change");
}

void ActionIssuesDialog::showIssues(const QList<Issue>& issues) {
    const qint64 selected = m_list->currentRow() >= 0 && m_list->currentRow() < m_issues.size()
                                ? m_issues.at(m_list->currentRow()).issue.seq
                                : 0;
    m_issues = issues;
    m_list->clear();
    int keep = 0;
    for (int i = 0; i < m_issues.size(); ++i) {
        const ActionIssue& issue = m_issues.at(i).issue;
        //: An entry in the list of changes the server did not take: what it was, and whether it
        //: is in conflict or was refused.
        m_list->addItem(tr("%1 - %2").arg(describe(issue), issue.conflict ? tr("conflict") : tr("refused")));
        if (issue.seq == selected) keep = i;
    }
    if (!m_issues.isEmpty()) m_list->setCurrentRow(keep);
    showCurrent();
}

void ActionIssuesDialog::showCurrent() {
    const int row = m_list->currentRow();
    const bool any = row >= 0 && row < m_issues.size();
    const bool busy = m_answer.isRunning();
    const ActionIssue issue = any ? m_issues.at(row).issue : ActionIssue{};
    const bool conflict = any && issue.conflict;
    const bool versions = conflict && issue.kind == ActionKind::EditPost;
    if (!any) {
        m_explanation->setText(tr("Nothing needs your attention: every change was taken by the server."));
    } else if (conflict) {
        m_explanation->setText(
            tr("This was changed on the server (from another device, or by someone else) after you changed it "
               "here. Keep one of the two versions."));
    } else {
        //: %1 is the server's reason, in English.
        m_explanation->setText(tr("The server refused this change: %1").arg(issue.error));
    }
    for (QWidget* w : std::initializer_list<QWidget*>{m_mine, m_theirs, m_mineTitle, m_theirsTitle}) {
        w->setVisible(versions);
    }
    if (versions) {
        m_mine->setMarkdown(issue.mine);
        m_theirs->setMarkdown(m_issues.at(row).theirs);
    }
    m_keepMine->setVisible(conflict);
    m_keepTheirs->setVisible(conflict);
    m_retry->setVisible(any && !conflict);
    m_discard->setVisible(any && !conflict);
    for (QPushButton* b : {m_keepMine, m_keepTheirs, m_retry, m_discard}) b->setEnabled(!busy);
}

void ActionIssuesDialog::answer(QFuture<Status> (UserActions::*how)(qint64)) {
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_issues.size() || m_answer.isRunning()) return;
    m_answer.setFuture((m_actions.*how)(m_issues.at(row).issue.seq));
    showCurrent();
}

}  // namespace devcoll::app
