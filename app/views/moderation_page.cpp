#include "views/moderation_page.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "devcoll/moderation/v1/moderation.pb.h"
#include "net/moderation_reports.h"
#include "sync/account_replica.h"
#include "views/error_text.h"
#include "views/relative_time.h"

namespace devcoll::app {
namespace {

namespace mv1 = devcoll::moderation::v1;

// How many open reports the page fetches.
constexpr int kQueueLimit = 200;

QString reasonName(int reason) {
    switch (reason) {
        case mv1::REPORT_REASON_SPAM:
            return ModerationPage::tr("spam");
        case mv1::REPORT_REASON_HARASSMENT:
            return ModerationPage::tr("harassment");
        case mv1::REPORT_REASON_HATE:
            return ModerationPage::tr("hate");
        case mv1::REPORT_REASON_VIOLENCE:
            return ModerationPage::tr("violence");
        case mv1::REPORT_REASON_SEXUAL_CONTENT:
            return ModerationPage::tr("sexual content");
        case mv1::REPORT_REASON_ILLEGAL:
            return ModerationPage::tr("illegal");
        case mv1::REPORT_REASON_MISINFORMATION:
            return ModerationPage::tr("misinformation");
        default:
            return ModerationPage::tr("other");
    }
}

QString decisionText(ModerationDecision decision) {
    switch (decision) {
        case ModerationDecision::Dismiss:
            return ModerationPage::tr("Dismissed by you; waiting to be sent");
        case ModerationDecision::Hide:
            return ModerationPage::tr("Hidden by you; waiting to be sent");
        case ModerationDecision::Remove:
            return ModerationPage::tr("Removed by you; waiting to be sent");
        case ModerationDecision::SuspendAuthor:
            return ModerationPage::tr("Author suspended by you; waiting to be sent");
        case ModerationDecision::None:
            break;
    }
    return {};
}

}  // namespace

ModerationPage::ModerationPage(AccountReplica& replica, ServerAddress server, QWidget* parent)
    : QWidget(parent), m_replica(replica), m_server(std::move(server)) {
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("moderationStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_refresh = new QPushButton(tr("&Fetch Reports"), this);
    m_refresh->setObjectName(QStringLiteral("fetchReportsButton"));
    m_refresh->setToolTip(tr("Get the open reports from the server"));

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("moderationQueue"));
    m_list->setAccessibleName(tr("Open reports"));
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSpacing(3);

    m_dismiss = new QPushButton(tr("&Dismiss..."), this);
    m_dismiss->setToolTip(tr("Close the report without acting on what was reported"));
    m_hide = new QPushButton(tr("&Hide..."), this);
    m_hide->setToolTip(tr("Hide the post or comment from everyone but its author; it can be shown again"));
    m_remove = new QPushButton(tr("&Remove..."), this);
    m_remove->setToolTip(tr("Delete the post or comment for good"));
    m_suspend = new QPushButton(tr("&Suspend Author for %n Days...", nullptr, int(kSuspensionDays)), this);
    m_suspend->setToolTip(tr("The account cannot sign in, and its posts are hidden, until the suspension ends"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_refresh);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_dismiss, m_hide, m_remove, m_suspend}) buttons->addWidget(b);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &ModerationPage::refresh);
    connect(m_list, &QListWidget::currentRowChanged, this, &ModerationPage::updateButtons);
    connect(m_dismiss, &QPushButton::clicked, this, [this] { ask(ModerationDecision::Dismiss); });
    connect(m_hide, &QPushButton::clicked, this, [this] { ask(ModerationDecision::Hide); });
    connect(m_remove, &QPushButton::clicked, this, [this] { ask(ModerationDecision::Remove); });
    connect(m_suspend, &QPushButton::clicked, this, [this] { ask(ModerationDecision::SuspendAuthor); });
    // A decision sent (the report leaves) or refused (it says why) changes the counts of unsent
    // changes and of issues; other status changes (a sync's progress) leave the queue alone.
    connect(&m_replica.sync(), &SyncEngine::statusChanged, this, [this](const SyncStatus& status) {
        const std::pair counts{status.pendingActions, status.actionIssues};
        if (counts == m_actionCounts) return;
        m_actionCounts = counts;
        reload();
    });
    updateButtons();
    reload();
}

void ModerationPage::refresh() {
    m_refresh->setEnabled(false);
    m_status->setText(tr("Fetching the open reports..."));
    auto* watcher = new QFutureWatcher<Result<QList<ReportRow>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_refresh->setEnabled(true);
        const Result<QList<ReportRow>> fetched = watcher->result();
        if (!fetched.ok()) {
            const Error& error = fetched.error();
            m_status->setText(error.code == ErrorCode::PermissionDenied
                                  ? tr("Your account is not a moderator: the server does not show it the reports.")
                                  : tr("The reports cannot be fetched now (%1); this is the queue as last fetched.")
                                        .arg(errorText(error, m_server)));
            return;
        }
        const QList<ReportRow> reports = *fetched;
        m_replica.store()
            .run<void>([reports](ReplicaDatabase& db) { return storeOpenReports(db, reports); })
            .then(this, [this](const Result<void>& stored) {
                m_status->setText(
                    stored.ok()
                        ? tr("Fetched at %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat))
                        : errorText(stored.error(), m_server));
                reload();
            });
    });
    watcher->setFuture(QtConcurrent::run([channel = m_replica.channel(), tokens = m_replica.tokens()] {
        return fetchOpenReports(channel, tokens ? tokens() : std::string(), kQueueLimit);
    }));
}

void ModerationPage::decideSelected(ModerationDecision decision, const QString& reason) {
    if (const ReportRow* report = selected()) decideOn(report->id, decision, reason);
}

void ModerationPage::decideOn(const QString& id, ModerationDecision decision, const QString& reason) {
    m_replica.store()
        .run<void>([id, decision, reason](ReplicaDatabase& db) { return decide(db, id, decision, reason); })
        .then(this, [this](const Result<void>& decided) {
            if (!decided.ok()) {
                // The replica's own refusals (store/moderation_queue.h), in words.
                const ErrorCode code = decided.error().code;
                m_status->setText(
                    code == ErrorCode::NotFound             ? tr("This report is no longer in the queue.")
                    : code == ErrorCode::FailedPrecondition ? tr("A decision on this report already waits to be sent.")
                    : code == ErrorCode::InvalidArgument    ? tr("The reason must have 1 to 1,000 characters.")
                                                            : errorText(decided.error(), m_server));
            } else {
                m_replica.sync().actionQueued();  // sent now if the server can be reached
            }
            reload();
        });
}

void ModerationPage::ask(ModerationDecision decision) {
    const ReportRow* report = selected();
    if (!report) return;
    // Taken now: a fetch may change the list while the dialog is open.
    const QString id = report->id;
    bool ok = false;
    const QString reason =
        QInputDialog::getMultiLineText(this, tr("Reason"),
                                       decision == ModerationDecision::Dismiss
                                           ? tr("Why? The reason is kept in the audit log for moderators:")
                                           : tr("Why? The reason is shown to the author and kept in the audit log:"),
                                       {}, &ok);
    if (ok && !reason.trimmed().isEmpty()) decideOn(id, decision, reason);
}

void ModerationPage::reload() {
    m_replica.store()
        .run<QList<ReportRow>>([](ReplicaDatabase& db) { return cachedReports(db); })
        .then(this, [this](const Result<QList<ReportRow>>& reports) {
            if (reports.ok()) show(*reports);
            emit reloaded();
        });
}

void ModerationPage::show(const QList<ReportRow>& reports) {
    const QString current = selected() ? selected()->id : QString();
    const int scrolled = m_list->verticalScrollBar()->value();
    m_reports = reports;
    m_list->clear();
    int select = reports.isEmpty() ? -1 : 0;
    for (int i = 0; i < reports.size(); ++i) {
        auto* item = new QListWidgetItem(describe(reports[i]), m_list);
        if (!reports[i].error.isEmpty()) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        if (reports[i].id == current) select = i;
    }
    m_list->setCurrentRow(select);
    m_list->verticalScrollBar()->setValue(scrolled);  // where the moderator was reading
    if (reports.isEmpty() && m_status->text().isEmpty()) m_status->setText(tr("No open reports on this computer."));
    updateButtons();
}

QString ModerationPage::describe(const ReportRow& r) const {
    QString what = r.subjectKind == mv1::SUBJECT_KIND_POST      ? tr("Post")
                   : r.subjectKind == mv1::SUBJECT_KIND_COMMENT ? tr("Comment")
                                                                : tr("Account");
    //: In the moderation queue: what was reported (Post, Comment, Account) and whose it is.
    if (!r.authorUsername.isEmpty()) what = tr("%1 of @%2").arg(what, r.authorUsername);
    QStringList reasons;
    for (int reason : r.reasons) {
        const QString name = reasonName(reason);
        if (!reasons.contains(name)) reasons << name;
    }
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(r.createdAt / 1000);
    //: One report in the moderation queue: what was reported, the reasons, how many complained, when.
    QString text = tr("%1 · %2 · complaints: %3 · %4")
                       .arg(what, reasons.join(QStringLiteral(", ")), QLocale().toString(r.complaints),
                            relativeTime(when, QDateTime::currentDateTime()));
    text += QLatin1Char('\n') + r.excerpt;
    if (r.decision != ModerationDecision::None) text += QLatin1Char('\n') + decisionText(r.decision);
    //: A moderator's decision the server refused; %1 says why (another moderator acted first...).
    if (!r.error.isEmpty()) text += QLatin1Char('\n') + tr("Not done: %1").arg(r.error);
    return text;
}

const ReportRow* ModerationPage::selected() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < m_reports.size() ? &m_reports[row] : nullptr;
}

void ModerationPage::updateButtons() {
    const ReportRow* report = selected();
    const bool open = report && report->decision == ModerationDecision::None;
    const bool content = open && report->subjectKind != mv1::SUBJECT_KIND_USER;
    m_dismiss->setEnabled(open);
    m_hide->setEnabled(content);
    m_remove->setEnabled(content);
    m_suspend->setEnabled(open);
}

}  // namespace devcoll::app
