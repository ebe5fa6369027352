#pragma once
// UserActions: what the windows do to the account's replica when the user posts, edits, likes,
// comments or follows. Each action runs on the store thread (store/pending_actions.h: applied
// at once, queued for the server in the same transaction); then the sync engine is told to send
// it and the views are told to read again. Works the same offline.
#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

#include "devcoll/result.h"
#include "store/media_attachments.h"
#include "store/pending_actions.h"
#include "sync/account_replica.h"

namespace devcoll::app {

struct PostDraft final {
    QString body;
    int visibility = 1;  // devcoll.post.v1.Visibility: public
    QList<PreparedAttachment> attachments;
};

class UserActions final : public QObject {
    Q_OBJECT

public:
    explicit UserActions(AccountReplica& replica, QObject* parent = nullptr);

    const QString& accountId() const { return m_replica.accountId(); }
    LocalStore& store() { return m_replica.store(); }

    // The new post's id. Its images are kept and queued in the same transaction as the post.
    QFuture<Result<QString>> createPost(PostDraft draft);
    QFuture<Status> editPost(QString postId, QString body);
    QFuture<Status> deletePost(QString postId);
    QFuture<Status> likePost(QString postId, bool like);
    QFuture<Result<QString>> comment(QString postId, QString body);
    QFuture<Status> follow(QString userId, bool follow);
    QFuture<Status> keepMine(qint64 seq);
    QFuture<Status> retry(qint64 seq);
    QFuture<Status> discard(qint64 seq);

    // What a failed action's error says to the user: a check of their input in its own words,
    // anything else as a failure to save.
    static QString errorMessage(const Error& error);

signals:
    // An action changed the replica: views read again.
    void changed();
    // An action started without the caller waiting on it (a like from the feed) failed.
    void failed(const QString& message);

private:
    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(ReplicaDatabase&)> action);

    AccountReplica& m_replica;
};

}  // namespace devcoll::app
