#pragma once
// SecretStore: where the app keeps the refresh token of a remembered account: the OS keychain
// (KeychainSecretStore: Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows), or memory in tests. Calls answer asynchronously, on the caller's thread.
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

#include "devcoll/result.h"

namespace devcoll::app {

class SecretStore {
public:
    virtual ~SecretStore() = default;
    // `done` gets the secret, or NotFound when none is kept, or Unavailable when there is no
    // keychain (a headless machine): then the user signs in at every start.
    virtual void read(const QString& key, std::function<void(Result<QString>)> done) = 0;
    // An empty `secret` removes the key.
    virtual void write(const QString& key, const QString& secret, std::function<void(Status)> done) = 0;
};

// Keeps secrets in memory: for tests, and where no keychain exists (nothing is remembered).
class MemorySecretStore final : public SecretStore {
public:
    void read(const QString& key, std::function<void(Result<QString>)> done) override;
    void write(const QString& key, const QString& secret, std::function<void(Status)> done) override;

private:
    QHash<QString, QString> m_secrets;
};

class KeychainSecretStore final : public SecretStore {
public:
    // `service` names the app's entries in the keychain ("devcoll").
    explicit KeychainSecretStore(QString service) : m_service(std::move(service)) {}
    void read(const QString& key, std::function<void(Result<QString>)> done) override;
    void write(const QString& key, const QString& secret, std::function<void(Status)> done) override;

private:
    const QString m_service;
};

}  // namespace devcoll::app
