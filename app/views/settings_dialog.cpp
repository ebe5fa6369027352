#include "views/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>

#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include "store/replica_notifications.h"

#include "views/error_text.h"
#include "views/relative_time.h"

namespace devcoll::app {

namespace {

enum SessionColumn { DeviceColumn, LastUsedColumn, AddressColumn, ColumnCount };
constexpr int kSessionIdRole = Qt::UserRole;

QLabel* hintLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

}  // namespace

SettingsDialog::SettingsDialog(AccountReplica& replica, const ServerAddress& server, QWidget* parent)
    : QDialog(parent), m_replica(replica), m_server(server) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(createAccountTab(), tr("&Account"));
    m_tabs->addTab(createSessionsTab(), tr("S&essions"));
    m_tabs->addTab(createServerTab(), tr("Se&rver"));
    m_tabs->addTab(createLanguageTab(), tr("&Language"));
    m_tabs->addTab(createNotificationsTab(), tr("N&otifications"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index)->objectName() == QStringLiteral("sessionsTab")) reloadSessions();
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);

    connect(&m_sessionsCall, &QFutureWatcherBase::finished, this, [this] { showSessions(m_sessionsCall.result()); });
    connect(&m_revokeCall, &QFutureWatcherBase::finished, this, [this] {
        const Status revoked = m_revokeCall.result();
        if (!revoked.ok()) {
            //: %1 says why, in the server's or the network's words.
            m_sessionsStatus->setText(
                tr("The session could not be revoked: %1").arg(errorText(revoked.error(), m_server)));
            updateRevokeButton();
            return;
        }
        reloadSessions();
    });
}

SettingsDialog::~SettingsDialog() {
    // The calls hold copies of what they need, but their answers must not reach a dead dialog.
    m_sessionsCall.waitForFinished();
    m_revokeCall.waitForFinished();
}

QWidget* SettingsDialog::createAccountTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("accountTab"));
    auto* layout = new QVBoxLayout(tab);
    //: %1 is the server's address, host:port.
    layout->addWidget(hintLabel(tr("You are signed in to the devcoll server at %1.").arg(m_server.toString()), tab));
    auto* signOut = new QPushButton(tr("Sign &Out"), tab);
    signOut->setObjectName(QStringLiteral("signOutButton"));
    signOut->setToolTip(
        tr("Sign out here, to sign in again or with another account. Your posts and unsent "
           "changes stay on this computer for the next sign-in."));
    connect(signOut, &QPushButton::clicked, this, [this] { this->signOut(false); });
    layout->addWidget(signOut);
    layout->addWidget(hintLabel(tr("Signing out keeps this account's data on this computer, with the changes "
                                   "not sent yet, for the next time you sign in."),
                                tab));
    auto* remove = new QPushButton(tr("Sign Out and Remove Local &Data..."), tab);
    remove->setObjectName(QStringLiteral("removeDataButton"));
    connect(remove, &QPushButton::clicked, this, [this] { this->signOut(true); });
    layout->addWidget(remove);
    layout->addStretch();
    return tab;
}

QWidget* SettingsDialog::createSessionsTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("sessionsTab"));
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(hintLabel(tr("Devices signed in to your account. Revoke one you do not know or no longer "
                                   "use: it is signed out at once."),
                                tab));
    m_sessionList = new QTreeWidget(tab);
    m_sessionList->setObjectName(QStringLiteral("sessionList"));
    m_sessionList->setAccessibleName(tr("Sessions"));
    m_sessionList->setRootIsDecorated(false);
    m_sessionList->setColumnCount(ColumnCount);
    m_sessionList->setHeaderLabels({tr("Device"), tr("Last used"), tr("Address")});
    m_sessionList->header()->setSectionResizeMode(DeviceColumn, QHeaderView::Stretch);
    connect(m_sessionList, &QTreeWidget::itemSelectionChanged, this, &SettingsDialog::updateRevokeButton);
    layout->addWidget(m_sessionList);
    m_sessionsStatus = hintLabel(QString(), tab);
    m_sessionsStatus->setObjectName(QStringLiteral("sessionsStatus"));
    layout->addWidget(m_sessionsStatus);
    m_revokeButton = new QPushButton(tr("Re&voke"), tab);
    m_revokeButton->setObjectName(QStringLiteral("revokeButton"));
    m_revokeButton->setEnabled(false);
    connect(m_revokeButton, &QPushButton::clicked, this, &SettingsDialog::revokeSelected);
    layout->addWidget(m_revokeButton, 0, Qt::AlignRight);
    return tab;
}

QWidget* SettingsDialog::createServerTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("serverTab"));
    auto* layout = new QFormLayout(tab);
    m_serverEdit = new QLineEdit(tab);
    m_serverEdit->setObjectName(QStringLiteral("serverEdit"));
    //: A placeholder in the server address field.
    m_serverEdit->setPlaceholderText(tr("host:port"));
    m_serverEdit->setText(QSettings().value(QLatin1String(kServerSettingsKey), m_server.toString()).toString());
    layout->addRow(tr("&Server address:"), m_serverEdit);
    m_serverError = hintLabel(QString(), tab);
    m_serverError->setObjectName(QStringLiteral("serverError"));
    layout->addRow(m_serverError);
    layout->addRow(hintLabel(tr("devcoll connects to a new address at its next start. The --server option and the "
                                "DEVCOLL_SERVER environment variable take precedence over this setting."),
                             tab));
    return tab;
}

QWidget* SettingsDialog::createLanguageTab() {
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("languageTab"));
    auto* layout = new QFormLayout(tab);
    m_languageCombo = new QComboBox(tab);
    m_languageCombo->setObjectName(QStringLiteral("languageCombo"));
    //: The language choice that follows the operating system's.
    m_languageCombo->addItem(tr("The system's language"), QString());
    // Each language in its own name, so a user who cannot read the current one finds theirs.
    m_languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_languageCombo->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    const int current = m_languageCombo->findData(QSettings().value(QLatin1String(kLanguageSettingsKey)).toString());
    m_languageCombo->setCurrentIndex(std::max(0, current));
    layout->addRow(tr("&Interface language:"), m_languageCombo);
    layout->addRow(hintLabel(tr("The new language shows from devcoll's next start."), tab));
    return tab;
}

QWidget* SettingsDialog::createNotificationsTab() {
    namespace nv1 = devcoll::notification::v1;
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("notificationsTab"));
    auto* layout = new QFormLayout(tab);
    const std::pair<nv1::NotificationKind, QString> kinds[] = {
        {nv1::NOTIFICATION_KIND_FOLLOW, tr("New &followers:")},
        {nv1::NOTIFICATION_KIND_LIKE, tr("L&ikes on your posts:")},
        {nv1::NOTIFICATION_KIND_COMMENT, tr("&Comments on your posts:")},
        {nv1::NOTIFICATION_KIND_REPLY, tr("Re&plies to your comments:")},
        {nv1::NOTIFICATION_KIND_MENTION, tr("&Mentions of you:")},
    };
    for (const auto& [kind, label] : kinds) {
        auto* combo = new QComboBox(tab);
        combo->setObjectName(QStringLiteral("delivery%1").arg(static_cast<int>(kind)));
        combo->addItem(tr("Off"), static_cast<int>(nv1::DELIVERY_OFF));
        combo->addItem(tr("In the app"), static_cast<int>(nv1::DELIVERY_IN_APP));
        combo->addItem(tr("In the app and on the desktop"), static_cast<int>(nv1::DELIVERY_IN_APP_AND_DESKTOP));
        combo->setCurrentIndex(2);
        combo->setEnabled(false);  // until the replica has answered
        layout->addRow(label, combo);
        m_deliveryCombos[kind] = combo;
    }
    layout->addRow(hintLabel(tr("Off: nothing is made of it. In the app: listed under View > Notifications and "
                                "counted as unread. On the desktop: also shown by your system as it arrives."),
                             tab));
    m_replica.store()
        .run<NotificationSummary>([](ReplicaDatabase& db) { return readNotificationSummary(db); })
        .then(this, [this](const Result<NotificationSummary>& summary) {
            std::map<int, int> deliveries;
            for (const auto& [kind, combo] : m_deliveryCombos) {
                const auto k = static_cast<nv1::NotificationKind>(kind);
                deliveries[kind] = summary.ok() ? summary->deliveryOf(k) : nv1::DELIVERY_IN_APP_AND_DESKTOP;
            }
            showNotificationSettings(deliveries);
        });
    return tab;
}

void SettingsDialog::showNotificationSettings(const std::map<int, int>& deliveries) {
    m_deliveriesShown = deliveries;
    for (const auto& [kind, combo] : m_deliveryCombos) {
        const auto it = deliveries.find(kind);
        if (it != deliveries.end()) combo->setCurrentIndex(std::max(0, combo->findData(it->second)));
        combo->setEnabled(true);
    }
}

void SettingsDialog::reloadSessions() {
    if (m_sessionsCall.isRunning()) return;
    m_sessionsStatus->setText(tr("Asking the server..."));
    m_revokeButton->setEnabled(false);
    m_sessionsCall.setFuture(QtConcurrent::run([channel = m_replica.channel(), tokens = m_replica.tokens()] {
        return listSessions(channel, tokens ? tokens() : std::string());
    }));
}

void SettingsDialog::showSessions(const Result<QList<SessionRow>>& sessions) {
    m_sessionList->clear();
    if (!sessions.ok()) {
        //: %1 says why, in the server's or the network's words.
        m_sessionsStatus->setText(tr("The sessions cannot be shown: %1").arg(errorText(sessions.error(), m_server)));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const SessionRow& s : *sessions) {
        auto* item = new QTreeWidgetItem(m_sessionList);
        //: A session's device, when the device gave no name.
        QString device = s.deviceName.isEmpty() ? tr("Unnamed device") : s.deviceName;
        //: After the device's name in the sessions list.
        if (s.current) device += QLatin1Char(' ') + tr("(this device)");
        item->setText(DeviceColumn, device);
        item->setText(LastUsedColumn, relativeTime(s.lastUsedAt, now));
        item->setToolTip(LastUsedColumn, QLocale().toString(s.lastUsedAt.toLocalTime(), QLocale::LongFormat));
        item->setText(AddressColumn, s.peer);
        item->setData(DeviceColumn, kSessionIdRole, s.id);
        // This device signs out from the Account tab instead: revoking itself would strand it.
        if (s.current) item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
    }
    //: %1 is how many devices are signed in to the account, this one included.
    m_sessionsStatus->setText(tr("Devices signed in: %1").arg(QLocale().toString(sessions->size())));
    updateRevokeButton();
}

void SettingsDialog::updateRevokeButton() {
    m_revokeButton->setEnabled(!m_revokeCall.isRunning() && !m_sessionList->selectedItems().isEmpty());
}

void SettingsDialog::revokeSelected() {
    const QList<QTreeWidgetItem*> selected = m_sessionList->selectedItems();
    if (selected.isEmpty() || m_revokeCall.isRunning()) return;
    const QString sessionId = selected.first()->data(DeviceColumn, kSessionIdRole).toString();
    m_revokeButton->setEnabled(false);
    m_sessionsStatus->setText(tr("Revoking..."));
    m_revokeCall.setFuture(QtConcurrent::run([channel = m_replica.channel(), tokens = m_replica.tokens(), sessionId] {
        return revokeSession(channel, tokens ? tokens() : std::string(), sessionId);
    }));
}

void SettingsDialog::signOut(bool removeLocalData) {
    if (removeLocalData) {
        QMessageBox ask(QMessageBox::Warning, tr("Remove Local Data"),
                        tr("Sign out and remove this account's posts, pictures and search index from this "
                           "computer? Changes not sent to the server yet are lost."),
                        QMessageBox::Cancel, this);
        ask.setObjectName(QStringLiteral("removeDataConfirmation"));
        QPushButton* remove = ask.addButton(tr("Sign Out and Remove"), QMessageBox::DestructiveRole);
        ask.setDefaultButton(QMessageBox::Cancel);
        ask.exec();
        if (ask.clickedButton() != remove) return;
    }
    emit signOutRequested(removeLocalData);
    QDialog::reject();  // nothing else of the dialog is saved: the account it was for is gone
}

void SettingsDialog::accept() {
    const QString text = m_serverEdit->text().trimmed();
    const ServerAddressParse parsed = parseServerAddress(text);
    if (!parsed.address) {
        m_tabs->setCurrentWidget(m_serverEdit->parentWidget());
        m_serverError->setText(parsed.error);
        m_serverEdit->setFocus();
        return;
    }
    QSettings settings;
    settings.setValue(QLatin1String(kServerSettingsKey), parsed.address->toString());
    const QString language = m_languageCombo->currentData().toString();
    if (language.isEmpty()) {
        settings.remove(QLatin1String(kLanguageSettingsKey));
    } else {
        settings.setValue(QLatin1String(kLanguageSettingsKey), language);
    }
    // Only what the user changed, so that another device's change of another kind stays.
    std::map<int, notification::v1::Delivery> changed;
    for (const auto& [kind, combo] : m_deliveryCombos) {
        const auto shown = m_deliveriesShown.find(kind);
        const int chosen = combo->currentData().toInt();
        if (shown != m_deliveriesShown.end() && shown->second != chosen) {
            changed[kind] = static_cast<notification::v1::Delivery>(chosen);
        }
    }
    if (!changed.empty()) {
        AccountReplica* replica = &m_replica;
        replica->store()
            .run<void>([account = replica->accountId(), changed](ReplicaDatabase& db) {
                return setNotificationPreferences(db, account, changed);
            })
            .then(replica, [replica](const Status& saved) {
                if (saved.ok()) replica->sync().actionQueued();
            });
    }
    QDialog::accept();
}

}  // namespace devcoll::app
