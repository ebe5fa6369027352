#pragma once
// Config: every setting of devcoll-server, from flags or DEVCOLL_* environment variables.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace devcoll {

struct RateLimits final {
    int failedLoginsPerAccount = 5;    // per window
    int failedLoginsPerAddress = 20;   // per window
    int registrationsPerAddress = 10;  // per window
    int resetRequestsPerAddress = 5;   // per window
    std::chrono::seconds window{15 * 60};
    // Every call: per account (authenticated calls) and per client address (the others), per
    // callWindow; 0 is unlimited. Mastodon's defaults.
    int callsPerAccount = 1500;
    int callsPerAddress = 300;
    std::chrono::seconds callWindow{5 * 60};
};

// Media uploads' limits.
struct MediaLimits final {
    std::int64_t maxUploadBytes = 16 * 1024 * 1024;
    std::int64_t quotaBytes = 1024LL * 1024 * 1024;  // per user
    std::int64_t maxImagePixels = 40'000'000;
    std::chrono::seconds uploadExpiry{24 * 3600};     // unfinished uploads are dropped after
    std::chrono::milliseconds sweepInterval{60'000};  // how often the media janitor looks
};

// What replicas download.
struct SyncLimits final {
    // How far back a new replica's snapshot, and a new follow, reach into other people's posts.
    std::chrono::seconds feedWindow{30 * 24 * 3600};
    // How often an idle Subscribe stream says it is alive.
    std::chrono::milliseconds heartbeatInterval{30'000};
    // How long tombstones are kept (a replica offline longer must take a new snapshot), and
    // how often older ones are dropped.
    std::chrono::seconds retention{30 * 24 * 3600};
    std::chrono::milliseconds purgeInterval{3'600'000};
    // A replica behind the kept tombstones gets its view by name up to this many entities, and
    // must take a new snapshot beyond.
    int resyncScopeLimit = 20'000;
};

// Where scripts/install-deps put Swagger UI's files (npm swagger-ui-dist in the source tree).
std::string bundledSwaggerUiDir();

// The HTTP/JSON gateway (see gateway/http_gateway.h).
struct HttpSettings final {
    std::string listen;                    // host:port; empty: no gateway
    std::vector<std::string> corsOrigins;  // browser origins allowed to call; "*": any
    std::size_t maxBodyBytes = 1024 * 1024;
    std::string docsDir = bundledSwaggerUiDir();  // Swagger UI's files; empty: no /docs
};

struct Config final {
    std::string dataDir = "./devcoll-data";
    std::string listen = "127.0.0.1:50051";
    std::string metricsListen;  // empty: no metrics endpoint
    HttpSettings http;
    std::set<std::string> services;  // empty: all
    std::string databaseUrl;         // empty: SQLite files in dataDir
    std::string amqpUrl;             // empty: events in-process (every service in this process)
    std::string schemaPrefix;        // PostgreSQL schema names are <prefix>devcoll_<service>
    std::string keysDir;             // empty: <dataDir>/keys
    std::string logFormat = "text";  // text | json
    std::string logLevel = "info";
    std::size_t workers = 0;  // 0: 2 x hardware threads, at least 4
    std::chrono::seconds accessTokenLifetime{15 * 60};
    std::chrono::seconds refreshTokenLifetime{30 * 24 * 3600};
    std::chrono::seconds resetTokenLifetime{30 * 60};
    RateLimits rateLimits;
    MediaLimits media;
    SyncLimits sync;
    int eventMaxAttempts = 5;
    std::size_t maxMessageBytes = 4 * 1024 * 1024;
    int maxConcurrentStreams = 100;
    std::chrono::seconds maxConnectionAge{30 * 60};
    std::chrono::milliseconds maxQueueWait{10'000};
    std::chrono::seconds shutdownGrace{20};
    // How often moderation looks for suspensions whose period ended, to show their posts again.
    std::chrono::milliseconds suspensionSweepInterval{30'000};
    bool enableEcho = false;                   // a bare echo service, for benchmarks
    std::map<std::string, std::string> peers;  // service -> host:port, for services run elsewhere

    bool runs(const std::string& service) const { return services.empty() || services.contains(service); }
    std::string effectiveKeysDir() const { return keysDir.empty() ? dataDir + "/keys" : keysDir; }
};

inline const std::vector<std::string>& knownServices() {
    static const std::vector<std::string> names{"auth",   "user", "post",       "media",
                                                "search", "sync", "moderation", "notification"};
    return names;
}

// An operator's command to a running server (`reindex`, `sync-status`).
struct OperatorCommand final {
    std::string server;  // host:port of the service it talks to
};

// `devcoll-server admin ACTION ...`: an operator's account and moderation commands, through a
// running server's services (signed with the deployment's key, like reindex).
struct AdminCommand final {
    std::string action;   // create-user, grant-role, revoke-role, suspend, unsuspend, list-reports, stats, backup,
                          // restore, export
    std::string server;   // host:port of the server (each service: its --peer, if given)
    std::string account;  // user id, username or e-mail; the new username for create-user
    std::string email;
    std::string displayName;
    std::string role;
    std::string reason;
    bool passwordStdin = false;
    int days = 0;  // suspend: 0 for good
    std::string kind = "all";
    std::string state = "open";
    int limit = 20;
    std::string path;  // backup, export: the target directory; restore: the backup
};

// The outcome of reading the command line: a config to run with, or an exit code (0 after
// --help, 2 after a bad flag) with the text already printed.
struct CommandLine final {
    std::optional<Config> config;
    int exitCode = 0;
    bool rotateKeys = false;
    std::optional<OperatorCommand> reindex;
    std::optional<OperatorCommand> syncStatus;
    std::optional<OperatorCommand> health;
    std::string healthService;  // empty: the whole server
    std::chrono::seconds healthWait{0};
    std::optional<AdminCommand> admin;
};

CommandLine parseCommandLine(int argc, char** argv);

}  // namespace devcoll
