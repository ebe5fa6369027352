#include "net/secret_store.h"

#include <qt6keychain/keychain.h>

namespace devcoll::app {

void MemorySecretStore::read(const QString& key, std::function<void(Result<QString>)> done) {
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend()) return done(makeError(ErrorCode::NotFound, "nothing kept"));
    done(*it);
}

void MemorySecretStore::write(const QString& key, const QString& secret, std::function<void(Status)> done) {
    if (secret.isEmpty()) {
        m_secrets.remove(key);
    } else {
        m_secrets.insert(key, secret);
    }
    done({});
}

namespace {

Error keychainError(QKeychain::Error code, const QString& message) {
    if (code == QKeychain::EntryNotFound) return makeError(ErrorCode::NotFound, "nothing kept");
    // No secret service (a headless session) and every other failure: nothing can be kept.
    return makeError(ErrorCode::Unavailable, ("the keychain is not available: " + message).toStdString());
}

}  // namespace

void KeychainSecretStore::read(const QString& key, std::function<void(Result<QString>)> done) {
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* finished) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (read->error() != QKeychain::NoError) return done(keychainError(read->error(), read->errorString()));
        done(read->textData());
    });
    job->start();  // deletes itself when finished (autoDelete)
}

void KeychainSecretStore::write(const QString& key, const QString& secret, std::function<void(Status)> done) {
    QKeychain::Job* job = nullptr;
    if (secret.isEmpty()) {
        auto* remove = new QKeychain::DeletePasswordJob(m_service);
        remove->setKey(key);
        job = remove;
    } else {
        auto* write = new QKeychain::WritePasswordJob(m_service);
        write->setKey(key);
        write->setTextData(secret);
        job = write;
    }
    QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* finished) {
        if (finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound) return done({});
        done(keychainError(finished->error(), finished->errorString()));
    });
    job->start();
}

}  // namespace devcoll::app
