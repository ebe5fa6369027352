#pragma once
// DevcollServer: the wiring root. Builds every piece a server needs from a Config (keys,
// databases, event transport, relays, consumers, services, the gRPC server) and takes it
// apart again in a graceful shutdown. main() and the tests build servers the same way.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devcoll/result.h"
#include "platform/config.h"
#include "platform/events/event_transport.h"
#include "platform/storage/database.h"

namespace devcoll {

// Where a service's database is: <data dir>/<service>.db, or its schema on PostgreSQL.
storage::DatabaseLocation databaseLocation(const Config& config, const std::string& service);
// Opens one service's database as it is (one connection, no migrations run), for operator
// commands that read it directly, such as `admin export`. (On PostgreSQL a missing schema is
// created empty.)
Result<std::unique_ptr<storage::Database>> openServiceDatabase(const Config& config, const std::string& service);

class DevcollServer final {
public:
    // Starts serving; the port is known when this returns (see port()).
    static Result<std::unique_ptr<DevcollServer>> start(const Config& config);
    ~DevcollServer();
    DevcollServer(const DevcollServer&) = delete;
    DevcollServer& operator=(const DevcollServer&) = delete;

    int port() const { return m_port; }
    // The HTTP gateway's port; 0 without --http-listen.
    int httpPort() const;
    // The metrics endpoint's port; 0 without --metrics-listen.
    int metricsPort() const;
    // Stops accepting calls, finishes those in flight, delivers what is left in the outboxes,
    // then stops. Safe to call more than once and from any thread.
    void shutdown();
    // Blocks until shutdown() has completed.
    void wait();

    // For tests: a service's database, and the event transport.
    storage::Database* database(const std::string& service);
    events::EventTransport& transport();

    struct Parts;  // the server's pieces, defined in devcoll_server.cpp

private:
    explicit DevcollServer(std::unique_ptr<Parts> parts);

    std::unique_ptr<Parts> m_parts;
    int m_port = 0;
    std::once_flag m_shutdownOnce;
    std::mutex m_doneMutex;
    std::condition_variable m_doneCv;
    bool m_done = false;
};

}  // namespace devcoll
