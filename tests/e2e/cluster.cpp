#include "e2e/cluster.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <chrono>
#include <cstdio>

#include "devcoll/ids.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace devcoll::test {
namespace {

const std::vector<std::string>& serviceNames() {
    static const std::vector<std::string> names{"auth",   "user", "post",       "media",
                                                "search", "sync", "moderation", "notification"};
    return names;
}

// A port nothing listens on now, kept for the service's whole life (restarts included).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

}  // namespace

bool runScript(const QString& name, const QStringList& arguments, QString* output,
               const QProcessEnvironment& environment) {
    QProcess p;
    p.setProcessEnvironment(environment);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(DEVCOLL_SOURCE_DIR "/scripts/") + name, arguments);
    const bool finished = p.waitForFinished(120000);
    const QString out = QString::fromUtf8(p.readAll());
    if (output) *output = out;
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

std::string newVirtualHost(const std::string& amqpUrl, const std::string& vhost, QString* error) {
    const QString name = QString::fromStdString(vhost);
    QString out;
    if (!runScript("throwaway-rabbitmq", {"ctl", "add_vhost", name}, &out) ||
        !runScript("throwaway-rabbitmq", {"ctl", "set_permissions", "-p", name, "guest", ".*", ".*", ".*"}, &out)) {
        if (error) *error = "cannot create RabbitMQ virtual host " + name + ": " + out;
        return {};
    }
    // "amqp://guest:guest@127.0.0.1:port/" -> the same broker, the new virtual host.
    return amqpUrl.substr(0, amqpUrl.find('/', std::string("amqp://").size())) + "/" + vhost;
}

Cluster::Cluster() {
    const std::string amqp = qgetenv("DEVCOLL_TEST_AMQP_URL").toStdString();
    if (amqp.empty()) {
        m_error = "the cluster needs DEVCOLL_TEST_AMQP_URL (scripts/test starts a RabbitMQ and sets it)";
        return;
    }
    m_scriptEnvironment = QProcessEnvironment::systemEnvironment();
    m_scriptEnvironment.insert(QStringLiteral("DEVCOLL_PG_STATE"), m_pgState.path());
    m_schemaPrefix = "c" + randomHex(5) + "_";
    m_vhost = "devcoll_" + randomHex(5);
    m_amqpUrl = amqp;  // the virtual host is made in startAll()
    for (const std::string& service : serviceNames()) m_ports[service] = freePort();
}

Cluster::~Cluster() {
    for (auto& [service, process] : m_processes) {
        if (process->state() == QProcess::NotRunning) continue;
        process->terminate();
        if (!process->waitForFinished(20000)) process->kill();
        process->waitForFinished(5000);
    }
    m_databases.clear();
    // The services' errors, for whoever reads a failed run: the logs go with the temporary dir.
    static const QRegularExpression kErrorLine(QStringLiteral("^\\S+ \\S+ (error|critical) "));
    for (const auto& [key, process] : m_processes) {
        QFile log(m_dir.filePath(QString::fromStdString(key) + ".log"));
        if (!log.open(QIODevice::ReadOnly)) continue;
        int shown = 0;
        for (const QString& line : QString::fromUtf8(log.readAll()).split('\n')) {
            if (kErrorLine.match(line).hasMatch() && shown++ < 20) {
                std::fprintf(stderr, "[%s] %s\n", key.c_str(), qPrintable(line));
            }
        }
    }
    if (!m_vhost.empty()) script("throwaway-rabbitmq", {"ctl", "delete_vhost", QString::fromStdString(m_vhost)});
    if (!m_databaseUrl.empty()) script("throwaway-postgres", {"stop"});
}

bool Cluster::script(const QString& name, const QStringList& arguments, QString* output) {
    QString out;
    const bool ok = runScript(name, arguments, &out, m_scriptEnvironment);
    if (output) *output = out;
    if (!ok) m_error = name + " " + arguments.join(' ') + " failed: " + out;
    return ok;
}

bool Cluster::startAll() {
    if (!m_error.isEmpty()) return false;
    if (!m_dir.isValid()) {
        m_error = "no temporary directory";
        return false;
    }
    m_amqpUrl = newVirtualHost(m_amqpUrl, m_vhost, &m_error);
    if (m_amqpUrl.empty()) return false;
    QString url;
    if (!script("throwaway-postgres", {"start"}, &url)) return false;
    // The script prints the URL; its output also holds whatever its tools said on stderr.
    for (const QString& line : url.split('\n')) {
        if (line.trimmed().startsWith(QStringLiteral("postgresql://"))) m_databaseUrl = line.trimmed().toStdString();
    }
    if (m_databaseUrl.empty()) {
        m_error = "throwaway-postgres printed no postgresql:// URL: " + url;
        return false;
    }
    if (!start("auth")) return false;
    for (const std::string& service : serviceNames()) {
        if (service != "auth" && !start(service)) return false;
    }
    return true;
}

bool Cluster::start(const std::string& service) { return launch(service, service); }

bool Cluster::addReplica(const std::string& service) {
    const std::string key = service + "#" + std::to_string(m_processes.size() + 1);
    if (!launch(service, key)) return false;
    // The health check may have reached the first process on the shared port: the new one
    // serves once its log says it listens.
    for (int i = 0; i < 600; ++i) {
        if (logTail(key).contains(QStringLiteral("devcoll-server listening"))) return true;
        QThread::msleep(50);
    }
    m_error = QString::fromStdString(key) + " did not start listening:\n" + logTail(key);
    return false;
}

bool Cluster::launch(const std::string& service, const std::string& key) {
    QStringList args{"--services", QString::fromStdString(service), "--listen",
                     QStringLiteral("127.0.0.1:%1").arg(m_ports[service]), "--data-dir",
                     m_dir.filePath(QString::fromStdString(service)), "--keys-dir",
                     m_dir.filePath(QStringLiteral("keys")), "--database-url", QString::fromStdString(m_databaseUrl),
                     "--database-schema-prefix", QString::fromStdString(m_schemaPrefix), "--amqp-url",
                     QString::fromStdString(m_amqpUrl), "--workers", "4",
                     // Tests register many users from one address, and post thousands of times.
                     "--max-registrations-per-address", "100000", "--rate-limit-per-account", "0",
                     "--rate-limit-per-address", "0", "--log-level", "info"};
    for (const std::string& other : serviceNames()) {
        if (other != service)
            args << "--peer"
                 << QStringLiteral("%1=127.0.0.1:%2").arg(QString::fromStdString(other)).arg(m_ports[other]);
    }
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(m_dir.filePath(QString::fromStdString(key) + ".log"), QIODevice::Append);
    process->start(QStringLiteral(DEVCOLL_SERVER_BINARY), args);
    if (!process->waitForStarted(10000)) {
        m_error = QString::fromStdString(service) + " did not start: " + process->errorString();
        return false;
    }
    QProcess& started = *process;
    m_processes[key] = std::move(process);
    if (!waitHealthy(service, started)) {
        m_error = QString::fromStdString(key) + " did not become healthy:\n" + logTail(key);
        return false;
    }
    return true;
}

void Cluster::kill(const std::string& service) {
    auto it = m_processes.find(service);
    if (it == m_processes.end()) return;
    ::kill(static_cast<pid_t>(it->second->processId()), SIGKILL);
    it->second->waitForFinished(10000);
}

bool Cluster::waitHealthy(const std::string& service, QProcess& process) {
    auto stub = grpc::health::v1::Health::NewStub(channel(service));
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < giveUp) {
        if (process.state() == QProcess::NotRunning) return false;
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
        grpc::health::v1::HealthCheckRequest request;
        grpc::health::v1::HealthCheckResponse response;
        if (stub->Check(&ctx, request, &response).ok() &&
            response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
            return true;
        }
        QThread::msleep(50);
    }
    return false;
}

std::string Cluster::address(const std::string& service) const {
    const auto it = m_ports.find(service);
    return "127.0.0.1:" + std::to_string(it == m_ports.end() ? 0 : it->second);
}

std::shared_ptr<grpc::Channel> Cluster::channel(const std::string& service) {
    return grpc::CreateChannel(address(service), grpc::InsecureChannelCredentials());
}

storage::Database* Cluster::database(const std::string& service) {
    auto& db = m_databases[service];
    if (db) return db.get();
    storage::DatabaseLocation location;
    location.engine = storage::Engine::Postgres;
    location.postgresUrl = m_databaseUrl;
    location.schema = m_schemaPrefix + "devcoll_" + service;
    auto catalog = storage::SqlCatalog::load({}, storage::Engine::Postgres);
    if (!catalog.ok()) return nullptr;
    auto opened = storage::Database::open(service + "-probe", location,
                                          std::make_shared<const storage::SqlCatalog>(std::move(catalog).value()), 1);
    if (!opened.ok()) {
        m_error = QString::fromStdString(opened.error().message);
        return nullptr;
    }
    db = std::move(opened).value();
    return db.get();
}

QString Cluster::logTail(const std::string& service) const {
    QFile log(m_dir.filePath(QString::fromStdString(service) + ".log"));
    if (!log.open(QIODevice::ReadOnly)) return {};
    const QStringList lines = QString::fromUtf8(log.readAll()).split('\n');
    return lines.mid(std::max<qsizetype>(0, lines.size() - 30)).join('\n');
}

}  // namespace devcoll::test
