#include "views/user_actions.h"

#include <QCoreApplication>
#include <QFutureWatcher>

namespace devcoll::app {

UserActions::UserActions(AccountReplica& replica, QObject* parent) : QObject(parent), m_replica(replica) {}

template <typename T>
QFuture<Result<T>> UserActions::run(std::function<Result<T>(ReplicaDatabase&)> action) {
    QFuture<Result<T>> future = m_replica.store().run<T>(std::move(action));
    // A watcher owned here: the outcome is handled on the GUI thread, and not at all once the
    // window (and this object) is gone.
    auto* watcher = new QFutureWatcher<Result<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<T> outcome = watcher->result();
        if (outcome.ok()) {
            m_replica.sync().actionQueued();
            emit changed();
        } else {
            emit failed(errorMessage(outcome.error()));
        }
    });
    watcher->setFuture(future);
    return future;
}

QFuture<Result<QString>> UserActions::createPost(PostDraft draft) {
    const QString account = accountId();
    return run<QString>([account, draft = std::move(draft)](ReplicaDatabase& db) -> Result<QString> {
        QString postId;
        DEVCOLL_CHECK(db.transact([&]() -> Status {
            QStringList mediaIds;
            for (const PreparedAttachment& attachment : draft.attachments) {
                DEVCOLL_TRY(QString id, attachMedia(db, account, attachment));
                mediaIds.append(id);
            }
            DEVCOLL_TRY(postId, app::createPost(db, account, draft.body, draft.visibility, mediaIds));
            return {};
        }));
        return postId;
    });
}

QFuture<Status> UserActions::editPost(QString postId, QString body) {
    return run<void>([account = accountId(), postId, body](ReplicaDatabase& db) {
        return app::editPost(db, account, postId, body);
    });
}

QFuture<Status> UserActions::deletePost(QString postId) {
    return run<void>(
        [account = accountId(), postId](ReplicaDatabase& db) { return app::deletePost(db, account, postId); });
}

QFuture<Status> UserActions::likePost(QString postId, bool like) {
    return run<void>([account = accountId(), postId, like](ReplicaDatabase& db) {
        return app::likePost(db, account, postId, like);
    });
}

QFuture<Result<QString>> UserActions::comment(QString postId, QString body) {
    return run<QString>([account = accountId(), postId, body](ReplicaDatabase& db) {
        return app::commentOn(db, account, postId, body);
    });
}

QFuture<Status> UserActions::follow(QString userId, bool follow) {
    return run<void>([account = accountId(), userId, follow](ReplicaDatabase& db) {
        return app::follow(db, account, userId, follow);
    });
}

QFuture<Status> UserActions::keepMine(qint64 seq) {
    return run<void>([seq](ReplicaDatabase& db) { return app::keepMine(db, seq); });
}

QFuture<Status> UserActions::retry(qint64 seq) {
    return run<void>([seq](ReplicaDatabase& db) { return app::retryAction(db, seq); });
}

QFuture<Status> UserActions::discard(qint64 seq) {
    return run<void>([seq](ReplicaDatabase& db) { return app::discardAction(db, seq); });
}

QString UserActions::errorMessage(const Error& error) {
    const QString detail = QString::fromStdString(error.message);
    switch (error.code) {
        case ErrorCode::InvalidArgument:
            //: %1 explains what is wrong with the input, in English.
            return QCoreApplication::translate("UserActions", "Please check your input: %1").arg(detail);
        case ErrorCode::NotFound:
            return QCoreApplication::translate("UserActions", "It is no longer there: %1").arg(detail);
        case ErrorCode::PermissionDenied:
            return QCoreApplication::translate("UserActions", "This is not allowed: %1").arg(detail);
        case ErrorCode::FailedPrecondition:
            return QCoreApplication::translate("UserActions", "This cannot be done now: %1").arg(detail);
        default:
            //: %1 is a technical explanation, in English.
            return QCoreApplication::translate("UserActions", "Your change could not be saved on this computer: %1")
                .arg(detail);
    }
}

}  // namespace devcoll::app
