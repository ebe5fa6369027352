#include "views/post_page.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "views/mention_links.h"
#include "views/relative_time.h"
#include "views/untrusted_text.h"

namespace devcoll::app {

namespace {

constexpr int kCommentsShown = 500;
constexpr int kEditorLines = 3;

QDateTime timeOf(qint64 micros) { return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC); }

QString nameOf(const QString& displayName, const QString& username) {
    return displayName.isEmpty() ? username : displayName;
}

}  // namespace

PostPage::PostPage(AccountReplica& replica, UserActions& actions, QString postId, QWidget* parent)
    : QWidget(parent), m_replica(replica), m_actions(actions), m_postId(std::move(postId)) {
    m_author = new QPushButton(this);
    m_author->setObjectName(QStringLiteral("postAuthorButton"));
    m_author->setFlat(true);
    m_author->setToolTip(tr("Show the author's profile"));
    QFont bold = m_author->font();
    bold.setBold(true);
    m_author->setFont(bold);
    connect(m_author, &QPushButton::clicked, this, [this] {
        if (!m_authorId.isEmpty()) emit openProfileRequested(m_authorId);
    });
    m_meta = new QLabel(this);
    m_meta->setObjectName(QStringLiteral("postMeta"));
    m_meta->setTextFormat(Qt::PlainText);
    m_body = new UntrustedTextBrowser(this);
    m_body->setObjectName(QStringLiteral("postBody"));
    m_body->setAccessibleName(tr("Post"));
    // Mentions open profiles here; web and mail links open outside; nothing else is followed.
    m_body->setOpenLinks(false);
    connect(m_body, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QString username = mentionedUsername(url);
        if (!username.isEmpty()) {
            emit openProfileNamedRequested(username);
        } else if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http") ||
                   url.scheme() == QLatin1String("mailto")) {
            QDesktopServices::openUrl(url);
        }
    });
    m_like = new QPushButton(this);
    m_like->setObjectName(QStringLiteral("likeButton"));
    connect(m_like, &QPushButton::clicked, this, [this] { m_actions.likePost(m_postId, !m_liked); });

    m_comments = new QListWidget(this);
    m_comments->setObjectName(QStringLiteral("commentList"));
    m_comments->setAccessibleName(tr("Comments"));
    m_comments->setWordWrap(true);
    m_commentEditor = new QPlainTextEdit(this);
    m_commentEditor->setObjectName(QStringLiteral("commentEditor"));
    m_commentEditor->setAccessibleName(tr("Your comment"));
    m_commentEditor->setPlaceholderText(tr("Write a comment..."));
    m_commentEditor->setTabChangesFocus(true);
    m_commentEditor->setFixedHeight(m_commentEditor->fontMetrics().lineSpacing() * kEditorLines +
                                    m_commentEditor->frameWidth() * 2 + 8);
    m_commentButton = new QPushButton(tr("&Comment"), this);
    m_commentButton->setObjectName(QStringLiteral("commentButton"));
    m_commentButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_commentButton->setToolTip(tr("Saved at once, sent when online (Ctrl+Return)"));
    connect(m_commentButton, &QPushButton::clicked, this, &PostPage::sendComment);
    connect(m_commentEditor, &QPlainTextEdit::textChanged, this, &PostPage::updateCommentButton);

    auto* header = new QHBoxLayout;
    header->addWidget(m_author);
    header->addWidget(m_meta, 1);
    header->addWidget(m_like);
    auto* commentRow = new QHBoxLayout;
    commentRow->addWidget(m_commentEditor, 1);
    commentRow->addWidget(m_commentButton, 0, Qt::AlignBottom);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_body, 2);
    layout->addWidget(m_comments, 3);
    layout->addLayout(commentRow);

    connect(&m_read, &QFutureWatcherBase::finished, this, [this] {
        const Result<Contents> contents = m_read.result();
        if (contents.ok()) showContents(*contents);
        if (m_reloadWanted) {
            m_reloadWanted = false;
            reload();
        }
    });
    connect(&m_commentSave, &QFutureWatcherBase::finished, this, [this] {
        const Result<QString> saved = m_commentSave.result();
        if (saved.ok()) {
            m_commentEditor->clear();
        } else {
            m_commentEditor->setToolTip(UserActions::errorMessage(saved.error()));
        }
        updateCommentButton();
    });
    updateCommentButton();
    reload();
}

void PostPage::reload() {
    if (m_read.isRunning()) {
        m_reloadWanted = true;
        return;
    }
    m_read.setFuture(m_replica.store().run<Contents>(
        [account = m_replica.accountId(), post = m_postId](ReplicaDatabase& db) -> Result<Contents> {
            Contents contents;
            DEVCOLL_TRY(contents.post, postById(db, account, post));
            DEVCOLL_TRY(contents.comments, commentsOf(db, post, kCommentsShown));
            return contents;
        }));
}

void PostPage::showContents(const Contents& contents) {
    if (!contents.post) {
        if (m_seen) {
            emit postGone();
            return;
        }
        m_author->setText(QString());
        m_meta->setText(tr("This post is not on this computer."));
        m_body->clear();
        m_like->setEnabled(false);
        m_commentButton->setEnabled(false);
        return;
    }
    m_seen = true;
    const PostRow& p = *contents.post;
    m_authorId = p.authorId;
    m_author->setText(p.authorUsername.isEmpty() ? tr("Someone") : nameOf(p.authorDisplayName, p.authorUsername));
    QString meta = p.authorUsername.isEmpty() ? QString() : QLatin1Char('@') + p.authorUsername + QStringLiteral(" · ");
    meta += QLocale().toString(timeOf(p.createdAt).toLocalTime(), QLocale::ShortFormat);
    if (p.pending) meta += QStringLiteral(" · ") + tr("Pending");
    m_meta->setText(meta);
    m_body->setMarkdown(linkMentions(p.body));
    m_liked = p.likedByMe;
    m_like->setIcon(
        QIcon(p.likedByMe ? QStringLiteral(":/icons/heart-filled.svg") : QStringLiteral(":/icons/heart.svg")));
    //: The like button of a post: %1 is how many like it.
    m_like->setText(QLocale().toString(p.likeCount));
    m_like->setAccessibleName(p.likedByMe ? tr("Unlike (liked by %1)").arg(p.likeCount)
                                          : tr("Like (liked by %1)").arg(p.likeCount));
    m_like->setEnabled(true);

    m_comments->clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const CommentRow& c : contents.comments) {
        QString line = c.parentCommentId.isEmpty() ? QString() : QStringLiteral("    ↳ ");
        line += nameOf(c.authorDisplayName, c.authorUsername.isEmpty() ? tr("Someone") : c.authorUsername);
        line += QStringLiteral(" · ") + relativeTime(timeOf(c.createdAt), now);
        if (c.pending) line += QStringLiteral(" · ") + tr("Pending");
        line += QLatin1Char('\n') + c.body;
        auto* item = new QListWidgetItem(line, m_comments);
        item->setData(Qt::UserRole, c.id);
    }
    updateCommentButton();
}

void PostPage::updateCommentButton() {
    const QString text = m_commentEditor->toPlainText();
    const int used = int(text.toUcs4().size());
    m_commentButton->setEnabled(m_seen && !m_commentSave.isRunning() && !text.trimmed().isEmpty() &&
                                used <= kMaxCommentCharacters);
    m_commentEditor->setToolTip(used > kMaxCommentCharacters
                                    ? tr("A comment has at most %1 characters.").arg(kMaxCommentCharacters)
                                    : QString());
}

void PostPage::sendComment() {
    if (!m_commentButton->isEnabled()) return;
    m_commentSave.setFuture(m_actions.comment(m_postId, m_commentEditor->toPlainText()));
    updateCommentButton();
}

}  // namespace devcoll::app
