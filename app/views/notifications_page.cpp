#include "views/notifications_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

#include "devcoll/notification/v1/notification.pb.h"
#include "store/replica_notifications.h"
#include "sync/account_replica.h"
#include "views/notifications_model.h"

namespace devcoll::app {

NotificationsPage::NotificationsPage(AccountReplica& replica, QWidget* parent) : QWidget(parent), m_replica(replica) {
    m_model = new NotificationsModel(replica.store(), this);
    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("notificationsView"));
    m_view->setAccessibleName(tr("Notifications"));
    m_view->setModel(m_model);
    m_view->setWordWrap(true);
    m_view->setUniformItemSizes(false);
    m_view->setSpacing(4);
    m_view->setAlternatingRowColors(true);
    m_view->setIconSize(QSize(16, 16));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_view, &QListView::activated, this, &NotificationsPage::open);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("notificationsStatus"));
    m_markRead = new QPushButton(tr("&Mark All as Read"), this);
    m_markRead->setObjectName(QStringLiteral("markNotificationsRead"));
    m_markRead->setEnabled(false);
    connect(m_markRead, &QPushButton::clicked, this, &NotificationsPage::markAllRead);

    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_markRead);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_model, &NotificationsModel::loaded, this, [this] {
        updateStatus();
        if (m_markWhenLoaded && isVisible()) {
            m_markWhenLoaded = false;
            // What was unread when the list opened stays marked as new until it is left.
            m_model->keepNewAbove(m_model->readMark());
            markAllRead();
        }
    });
    connect(m_model, &NotificationsModel::loadFailed, m_status, &QLabel::setText);
    reload();
}

void NotificationsPage::reload() { m_model->reload(); }

void NotificationsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // What is read now is what the user sees: mark it once the list is as the replica has it.
    m_markWhenLoaded = true;
    reload();
}

void NotificationsPage::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    m_model->keepNewAbove(-1);
}

void NotificationsPage::markAllRead() {
    const qint64 upTo = m_model->latestSequence();
    if (upTo < 1) return;
    m_replica.store()
        .run<void>([account = m_replica.accountId(), upTo](ReplicaDatabase& db) {
            return markNotificationsRead(db, account, upTo);
        })
        .then(this, [this](const Status& marked) {
            if (!marked.ok()) {
                m_status->setText(QString::fromStdString(marked.error().message));
                return;
            }
            m_replica.sync().actionQueued();
            emit markedRead();
            reload();
        });
}

void NotificationsPage::open(const QModelIndex& index) {
    if (!index.isValid()) return;
    const QString postId = index.data(NotificationsModel::PostIdRole).toString();
    if (!postId.isEmpty()) {
        emit openPostRequested(postId);
        return;
    }
    const QString actor = index.data(NotificationsModel::ActorIdRole).toString();
    if (!actor.isEmpty()) emit openProfileRequested(actor);
}

void NotificationsPage::updateStatus() {
    int fresh = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row).data(NotificationsModel::UnreadRole).toBool()) ++fresh;
    }
    m_markRead->setEnabled(m_model->readMark() < m_model->latestSequence());
    if (m_model->rowCount() == 0) {
        m_status->setText(
            tr("No notifications yet. When someone follows you, likes or comments on your posts, "
               "replies to you or mentions you, it shows here."));
    } else if (fresh == 0) {
        m_status->setText(tr("All caught up"));
    } else {
        //: How many notifications came since the user last looked.
        m_status->setText(tr("%n new", nullptr, fresh));
    }
}

}  // namespace devcoll::app
