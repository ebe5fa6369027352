#include "views/post_list_view.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>

#include "views/composer_dialog.h"
#include "views/feed_model.h"

namespace devcoll::app {

namespace {

constexpr int kClockIntervalMs = 60 * 1000;

}  // namespace

PostListView::PostListView(UserActions& actions, QWidget* parent) : QListView(parent), m_actions(actions) {
    m_delegate = new PostDelegate(this);
    setItemDelegate(m_delegate);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);  // rows are laid out again for a new width
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(true);

    m_open = addPostAction(tr("&Open Post"), QKeySequence(Qt::Key_Return), QStringLiteral("openPostAction"));
    m_like = addPostAction(tr("&Like"), QKeySequence(Qt::CTRL | Qt::Key_L), QStringLiteral("likeAction"));
    m_author = addPostAction(tr("Show &Author"), QKeySequence(Qt::CTRL | Qt::Key_P), QStringLiteral("authorAction"));
    m_edit = addPostAction(tr("&Edit Post..."), QKeySequence(Qt::CTRL | Qt::Key_E), QStringLiteral("editPostAction"));
    m_delete = addPostAction(tr("&Delete Post..."), QKeySequence::Delete, QStringLiteral("deletePostAction"));
    connect(m_open, &QAction::triggered, this, [this] {
        if (currentIndex().isValid()) emit openPostRequested(currentIndex().data(FeedModel::IdRole).toString());
    });
    connect(m_like, &QAction::triggered, this, &PostListView::toggleLike);
    connect(m_author, &QAction::triggered, this, [this] {
        if (currentIndex().isValid()) {
            emit openProfileRequested(currentIndex().data(FeedModel::AuthorIdRole).toString());
        }
    });
    connect(m_edit, &QAction::triggered, this, &PostListView::editCurrent);
    connect(m_delete, &QAction::triggered, this, &PostListView::deleteCurrent);
    connect(this, &QAbstractItemView::activated, this,
            [this](const QModelIndex& index) { emit openPostRequested(index.data(FeedModel::IdRole).toString()); });

    // "5 min" becomes "6 min": repaint what is visible, no reading.
    m_clock.setInterval(kClockIntervalMs);
    connect(&m_clock, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    m_clock.start();
    updateActions();
}

QAction* PostListView::addPostAction(const QString& text, const QKeySequence& key, const QString& objectName) {
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setShortcut(key);
    // Shortcuts work while the list has the focus; the window's Post menu shows the same actions.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(action);
    return action;
}

bool PostListView::currentIsMine() const {
    return currentIndex().isValid() && currentIndex().data(FeedModel::AuthorIdRole).toString() == m_actions.accountId();
}

void PostListView::updateActions() {
    const QModelIndex current = currentIndex();
    const bool any = current.isValid();
    m_open->setEnabled(any);
    m_like->setEnabled(any);
    m_like->setText(any && current.data(FeedModel::LikedByMeRole).toBool() ? tr("Un&like") : tr("&Like"));
    m_author->setEnabled(any);
    m_edit->setEnabled(currentIsMine());
    m_delete->setEnabled(currentIsMine());
}

void PostListView::currentChanged(const QModelIndex& current, const QModelIndex& previous) {
    QListView::currentChanged(current, previous);
    updateActions();
}

void PostListView::dataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
    QListView::dataChanged(topLeft, bottomRight, roles);
    updateActions();  // the current post was liked or confirmed
}

void PostListView::resizeEvent(QResizeEvent* event) {
    QListView::resizeEvent(event);
    // Taller or shorter rows for the new width.
    scheduleDelayedItemsLayout();
}

void PostListView::toggleLike() {
    const QModelIndex current = currentIndex();
    if (!current.isValid()) return;
    m_actions.likePost(current.data(FeedModel::IdRole).toString(), !current.data(FeedModel::LikedByMeRole).toBool());
}

void PostListView::editCurrent() {
    if (!currentIsMine()) return;
    auto* composer = new ComposerDialog(m_actions, currentIndex().data(FeedModel::IdRole).toString(),
                                        currentIndex().data(FeedModel::BodyRole).toString(), this);
    composer->setAttribute(Qt::WA_DeleteOnClose);
    composer->open();
}

void PostListView::deleteCurrent() {
    if (!currentIsMine()) return;
    const QString postId = currentIndex().data(FeedModel::IdRole).toString();
    auto* ask = new QMessageBox(QMessageBox::Question, tr("Delete post"),
                                tr("Delete this post? Its likes and comments go with it."),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ask->setObjectName(QStringLiteral("deleteConfirmation"));
    ask->button(QMessageBox::Yes)->setText(tr("&Delete"));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::finished, this, [this, ask, postId] {
        if (ask->clickedButton() == ask->button(QMessageBox::Yes)) m_actions.deletePost(postId);
    });
    ask->open();
}

void PostListView::contextMenuEvent(QContextMenuEvent* event) {
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid()) return;
    setCurrentIndex(index);
    updateActions();
    QMenu menu(this);
    menu.addAction(m_open);
    menu.addAction(m_like);
    menu.addAction(m_author);
    if (currentIsMine()) {
        menu.addSeparator();
        menu.addAction(m_edit);
        menu.addAction(m_delete);
    }
    menu.exec(event->globalPos());
}

}  // namespace devcoll::app
