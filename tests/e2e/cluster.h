#pragma once
// Cluster: devcoll split as an operator runs it in scale-out, for end-to-end tests. Seven
// devcoll-server processes, one per service, on a throwaway PostgreSQL of the cluster's own
// (so that restarting it disturbs no other test) and the RabbitMQ that scripts/test starts
// (DEVCOLL_TEST_AMQP_URL), in a virtual host of the cluster's own. Processes can be killed
// (SIGKILL) and started again on the same port and data.
#include <grpcpp/grpcpp.h>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "platform/storage/database.h"

namespace devcoll::test {

// Runs one of the repository's scripts (throwaway-rabbitmq restart, ...); false on failure,
// with its output in `output`.
bool runScript(const QString& name, const QStringList& arguments, QString* output = nullptr,
               const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

// A new RabbitMQ virtual host on the test broker, for one server's or cluster's events alone:
// its AMQP URL, or an empty string (and `error`) on failure.
std::string newVirtualHost(const std::string& amqpUrl, const std::string& vhost, QString* error);

class Cluster final {
public:
    Cluster();
    ~Cluster();
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    // Starts every service (auth first: it creates the signing key); false with error() set.
    bool startAll();
    QString error() const { return m_error; }

    // Starts one service and waits until it reports healthy.
    bool start(const std::string& service);
    // Starts another process of a running service on the same port (the kernel spreads new
    // connections between them: gRPC listens with SO_REUSEPORT).
    bool addReplica(const std::string& service);
    // kill -9: no graceful shutdown, nothing flushed.
    void kill(const std::string& service);

    std::shared_ptr<grpc::Channel> channel(const std::string& service);
    std::string address(const std::string& service) const;
    // A service's database (its PostgreSQL schema), to count what reached it.
    storage::Database* database(const std::string& service);

    // Runs one of the repository's scripts (throwaway-rabbitmq restart, ...); false on failure.
    bool script(const QString& name, const QStringList& arguments, QString* output = nullptr);
    const std::string& vhost() const { return m_vhost; }
    // The keys dir every process shares (to sign an operator's token).
    std::string keysDir() const { return m_dir.filePath(QStringLiteral("keys")).toStdString(); }

    // The last lines of a service's log, for failure messages.
    QString logTail(const std::string& service) const;

private:
    bool waitHealthy(const std::string& service, QProcess& process);
    // Starts a process of `service`, known as `key` ("post", "post#2").
    bool launch(const std::string& service, const std::string& key);

    QTemporaryDir m_dir;
    QTemporaryDir m_pgState;  // the cluster's own PostgreSQL (throwaway-postgres's state)
    QProcessEnvironment m_scriptEnvironment;
    std::string m_databaseUrl;
    std::string m_amqpUrl;  // with this cluster's virtual host
    std::string m_vhost;
    std::string m_schemaPrefix;
    std::map<std::string, int> m_ports;
    std::map<std::string, std::unique_ptr<QProcess>> m_processes;
    std::map<std::string, std::unique_ptr<storage::Database>> m_databases;
    QString m_error;
};

}  // namespace devcoll::test
