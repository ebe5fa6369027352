#include "store/local_store.h"

#include <QMetaObject>

namespace devcoll::app {

LocalStore::LocalStore(QString path, QObject* parent) : QObject(parent), m_path(std::move(path)) {
    m_thread.setObjectName(QStringLiteral("devcoll-store"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

LocalStore::~LocalStore() {
    // The connection must close on the thread that opened it, after the work queued before;
    // quitting from here instead would drop what is queued behind a task that is running.
    post([this] {
        m_db.reset();
        m_thread.quit();
    });
    m_thread.wait();
}

void LocalStore::post(std::function<void()> task) {
    QMetaObject::invokeMethod(m_worker, std::move(task), Qt::QueuedConnection);
}

Result<ReplicaDatabase*> LocalStore::database() {
    Q_ASSERT(QThread::currentThread() == &m_thread);
    if (m_db) return m_db.get();
    if (m_openError) return *m_openError;
    auto opened = ReplicaDatabase::open(m_path);
    if (!opened.ok()) {
        m_openError = opened.error();
        return *m_openError;
    }
    m_db = std::move(*opened);
    return m_db.get();
}

}  // namespace devcoll::app
