#pragma once
// LocalStore: one account's replica on a thread of its own, so the GUI thread never runs SQL.
// Work is handed over as a function of the ReplicaDatabase and runs there, in order; its
// result comes back as a QFuture (continue it with `.then(context, …)` to get it on the
// caller's thread). The database is opened by the first piece of work and closed on the store
// thread when the LocalStore goes; work queued before that still runs.
#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

class LocalStore final : public QObject {
    Q_OBJECT

public:
    explicit LocalStore(QString path, QObject* parent = nullptr);
    ~LocalStore() override;

    const QString& path() const { return m_path; }

    // Runs `work` on the store thread with the open database. If the database cannot be opened,
    // every call gets that error.
    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(ReplicaDatabase&)> work) {
        auto promise = std::make_shared<QPromise<Result<T>>>();
        QFuture<Result<T>> future = promise->future();
        post([this, promise, work = std::move(work)] {
            promise->start();
            Result<ReplicaDatabase*> db = database();
            if (db.ok()) {
                promise->addResult(work(**db));
            } else {
                promise->addResult(Result<T>(db.error()));
            }
            promise->finish();
        });
        return future;
    }

private:
    void post(std::function<void()> task);
    // On the store thread: the database, opened on first use.
    Result<ReplicaDatabase*> database();

    const QString m_path;
    QThread m_thread;
    QObject* m_worker = nullptr;  // lives on m_thread; tasks run in its context
    std::unique_ptr<ReplicaDatabase> m_db;
    std::optional<Error> m_openError;
};

}  // namespace devcoll::app
