#pragma once
// PostPage: one post with its comments, from the replica (so offline too): the author (a
// button to their profile), the Markdown body, likes with a Like button, the comments oldest
// first (replies marked, pending ones too), and a box to comment (Ctrl+Return) that saves at
// once and sends with the sync.
#include <QFutureWatcher>
#include <QWidget>

#include <optional>

#include "store/replica_reads.h"
#include "sync/account_replica.h"
#include "views/user_actions.h"

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace devcoll::app {

// The server's limit on a comment (server/post).
inline constexpr int kMaxCommentCharacters = 2'000;

class PostPage final : public QWidget {
    Q_OBJECT

public:
    PostPage(AccountReplica& replica, UserActions& actions, QString postId, QWidget* parent = nullptr);

    const QString& postId() const { return m_postId; }
    // The replica changed: read the post and its comments again.
    void reload();

signals:
    void openProfileRequested(const QString& userId);
    // A mention in the post was clicked: the profile of the account with that username.
    void openProfileNamedRequested(const QString& username);
    // The post is gone (deleted here or on the server).
    void postGone();

private:
    struct Contents final {
        std::optional<PostRow> post;
        QList<CommentRow> comments;
    };
    void showContents(const Contents& contents);
    void sendComment();
    void updateCommentButton();

    AccountReplica& m_replica;
    UserActions& m_actions;
    const QString m_postId;
    QString m_authorId;
    bool m_liked = false;
    bool m_seen = false;  // the post was shown once (so its absence now means deleted)
    bool m_reloadWanted = false;
    QPushButton* m_author = nullptr;
    QLabel* m_meta = nullptr;
    QTextBrowser* m_body = nullptr;
    QPushButton* m_like = nullptr;
    QListWidget* m_comments = nullptr;
    QPlainTextEdit* m_commentEditor = nullptr;
    QPushButton* m_commentButton = nullptr;
    QFutureWatcher<Result<Contents>> m_read;
    QFutureWatcher<Result<QString>> m_commentSave;
};

}  // namespace devcoll::app
