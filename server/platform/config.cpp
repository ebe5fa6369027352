#include "platform/config.h"

#include <CLI/CLI.hpp>

#include <sstream>
#include <thread>

#include "platform/events/amqp_connection.h"

namespace devcoll {

std::string bundledSwaggerUiDir() { return DEVCOLL_SWAGGER_UI_DIR; }

CommandLine parseCommandLine(int argc, char** argv) {
    Config c;
    CLI::App app{
        "devcoll-server: the devcoll social network's gRPC server.\n"
        "With no flags it runs every service on one port with SQLite files in ./devcoll-data.\n"
        "Every flag can also be set with the environment variable named after it."};
    app.set_version_flag("--version", "devcoll-server 0.1.0");
    app.get_formatter()->column_width(38);

    std::string services;
    int accessMinutes = 15;
    app.add_option("--data-dir", c.dataDir, "Directory for SQLite files, keys and outgoing mail")
        ->envname("DEVCOLL_DATA_DIR")
        ->capture_default_str();
    app.add_option("--listen", c.listen, "Address to serve gRPC on (host:port; port 0 picks a free one)")
        ->envname("DEVCOLL_LISTEN")
        ->capture_default_str();
    app.add_option("--metrics-listen", c.metricsListen,
                   "Address to serve Prometheus metrics on, over HTTP at /metrics (host:port; absent: none)")
        ->envname("DEVCOLL_METRICS_LISTEN");
    std::string httpListen;
    app.add_option("--http-listen", httpListen,
                   "Address to serve the HTTP/JSON API, /openapi.json and /docs on (host:port, or off; default: "
                   "127.0.0.1:3000 when every service runs in this process, off otherwise)")
        ->envname("DEVCOLL_HTTP_LISTEN");
    app.add_option("--http-cors-origin", c.http.corsOrigins,
                   "A browser origin allowed to call the HTTP API, such as https://app.example.org, or * for any "
                   "(repeatable; default: none)")
        ->envname("DEVCOLL_HTTP_CORS_ORIGINS")
        ->delimiter(',');
    std::size_t httpMaxBodyKib = c.http.maxBodyBytes / 1024;
    app.add_option("--http-max-body-kib", httpMaxBodyKib, "Largest JSON request body the HTTP API takes, in KiB")
        ->envname("DEVCOLL_HTTP_MAX_BODY_KIB")
        ->check(CLI::Range(1, 64 * 1024))
        ->capture_default_str();
    app.add_option("--http-docs-dir", c.http.docsDir, "Swagger UI's files (npm swagger-ui-dist), served at /docs")
        ->envname("DEVCOLL_HTTP_DOCS_DIR")
        ->capture_default_str();
    app.add_option(
           "--services", services,
           "Comma-separated services to run: auth,user,post,media,search,sync,moderation,notification (default: all)")
        ->envname("DEVCOLL_SERVICES");
    app.add_option("--database-url", c.databaseUrl,
                   "postgresql://user@host:port/db to use PostgreSQL (one schema per service); "
                   "absent: SQLite files in the data dir")
        ->envname("DEVCOLL_DATABASE_URL");
    app.add_option("--amqp-url", c.amqpUrl,
                   "amqp://user:password@host:port/vhost of a RabbitMQ broker that carries events between "
                   "processes; absent: events stay in this process, which must then run every service")
        ->envname("DEVCOLL_AMQP_URL");
    app.add_option("--database-schema-prefix", c.schemaPrefix, "Prefix of the PostgreSQL schema names")
        ->envname("DEVCOLL_DATABASE_SCHEMA_PREFIX");
    app.add_option("--keys-dir", c.keysDir, "Directory of the token signing keys (default: <data-dir>/keys)")
        ->envname("DEVCOLL_KEYS_DIR");
    app.add_option("--log-format", c.logFormat, "Log format")
        ->envname("DEVCOLL_LOG_FORMAT")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    app.add_option("--log-level", c.logLevel, "Log level")
        ->envname("DEVCOLL_LOG_LEVEL")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
        ->capture_default_str();
    app.add_option("--workers", c.workers, "Worker threads for blocking work (0: automatic)")
        ->envname("DEVCOLL_WORKERS")
        ->check(CLI::Range(0, 512));
    app.add_option("--access-token-minutes", accessMinutes, "Access token lifetime in minutes")
        ->envname("DEVCOLL_ACCESS_TOKEN_MINUTES")
        ->check(CLI::Range(1, 60))
        ->capture_default_str();
    app.add_option("--max-failed-logins-per-account", c.rateLimits.failedLoginsPerAccount,
                   "Failed logins allowed per account per 15 minutes")
        ->envname("DEVCOLL_MAX_FAILED_LOGINS_PER_ACCOUNT")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    app.add_option("--max-failed-logins-per-address", c.rateLimits.failedLoginsPerAddress,
                   "Failed logins allowed per client address per 15 minutes")
        ->envname("DEVCOLL_MAX_FAILED_LOGINS_PER_ADDRESS")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    app.add_option("--max-registrations-per-address", c.rateLimits.registrationsPerAddress,
                   "Registrations allowed per client address per 15 minutes")
        ->envname("DEVCOLL_MAX_REGISTRATIONS_PER_ADDRESS")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    app.add_option("--rate-limit-per-account", c.rateLimits.callsPerAccount,
                   "Calls an account may make per rate window, to every service of this process (0: unlimited)")
        ->envname("DEVCOLL_RATE_LIMIT_PER_ACCOUNT")
        ->check(CLI::Range(0, 100'000'000))
        ->capture_default_str();
    app.add_option("--rate-limit-per-address", c.rateLimits.callsPerAddress,
                   "Unauthenticated calls (register, login, refresh...) a client address may make per rate window "
                   "(0: unlimited)")
        ->envname("DEVCOLL_RATE_LIMIT_PER_ADDRESS")
        ->check(CLI::Range(0, 100'000'000))
        ->capture_default_str();
    int rateWindowSeconds = static_cast<int>(c.rateLimits.callWindow.count());
    app.add_option("--rate-limit-window-seconds", rateWindowSeconds, "The rate window")
        ->envname("DEVCOLL_RATE_LIMIT_WINDOW_SECONDS")
        ->check(CLI::Range(1, 24 * 3600))
        ->capture_default_str();
    app.add_option("--max-reset-requests-per-address", c.rateLimits.resetRequestsPerAddress,
                   "Password reset requests allowed per client address per 15 minutes")
        ->envname("DEVCOLL_MAX_RESET_REQUESTS_PER_ADDRESS")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    app.add_option("--max-message-bytes", c.maxMessageBytes, "Largest gRPC message accepted")
        ->envname("DEVCOLL_MAX_MESSAGE_BYTES")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{64} * 1024 * 1024))
        ->capture_default_str();
    app.add_option("--max-concurrent-streams", c.maxConcurrentStreams, "Concurrent calls allowed per connection")
        ->envname("DEVCOLL_MAX_CONCURRENT_STREAMS")
        ->check(CLI::Range(1, 10'000))
        ->capture_default_str();
    std::int64_t maxUploadMib = c.media.maxUploadBytes / (1024 * 1024);
    app.add_option("--max-upload-mib", maxUploadMib, "Largest media upload accepted, in MiB")
        ->envname("DEVCOLL_MAX_UPLOAD_MIB")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    std::int64_t quotaMib = c.media.quotaBytes / (1024 * 1024);
    app.add_option("--media-quota-mib", quotaMib, "Media storage each user may fill, in MiB")
        ->envname("DEVCOLL_MEDIA_QUOTA_MIB")
        ->check(CLI::Range(1, 1024 * 1024))
        ->capture_default_str();
    std::int64_t megapixels = c.media.maxImagePixels / 1'000'000;
    app.add_option("--max-image-megapixels", megapixels,
                   "Largest image accepted, in megapixels (all frames of an animation together)")
        ->envname("DEVCOLL_MAX_IMAGE_MEGAPIXELS")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    int expiryHours = static_cast<int>(c.media.uploadExpiry.count() / 3600);
    app.add_option("--upload-expiry-hours", expiryHours, "Hours an unfinished upload is kept for resuming")
        ->envname("DEVCOLL_UPLOAD_EXPIRY_HOURS")
        ->check(CLI::Range(1, 24 * 30))
        ->capture_default_str();
    int feedWindowDays = static_cast<int>(c.sync.feedWindow.count() / (24 * 3600));
    app.add_option("--sync-feed-window-days", feedWindowDays,
                   "Days of other people's posts a new replica downloads (and a new follow backfills)")
        ->envname("DEVCOLL_SYNC_FEED_WINDOW_DAYS")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    int retentionDays = static_cast<int>(c.sync.retention.count() / (24 * 3600));
    app.add_option("--sync-retention-days", retentionDays,
                   "Days deletions are kept for replicas to pull; a replica offline longer takes a new snapshot")
        ->envname("DEVCOLL_SYNC_RETENTION_DAYS")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    std::vector<std::string> peers;
    app.add_option("--peer", peers, "Where a service not run by this process listens: SERVICE=HOST:PORT (repeatable)")
        ->envname("DEVCOLL_PEERS")
        ->delimiter(',');
    app.add_flag("--echo", c.enableEcho, "Also serve a bare echo service (for benchmarks)")->envname("DEVCOLL_ECHO");
    CommandLine result;
    auto* rotate = app.add_subcommand("rotate-signing-key",
                                      "Create a new token signing key in the keys dir; running servers switch to it "
                                      "within a minute and old tokens stay valid until they expire");
    (void)rotate;
    auto* reindex = app.add_subcommand(
        "reindex",
        "Rebuild a running server's search index from the user and post services' data (searches go on being "
        "answered meanwhile). Signs an operator token with the key in the keys dir, so it needs the same "
        "--data-dir or --keys-dir as the server");
    reindex->fallthrough();
    std::string reindexServices = "search";
    std::string reindexServer;
    reindex->add_option("--services", reindexServices, "Services whose indexes to rebuild (only search has one)")
        ->check(CLI::IsMember({"search"}))
        ->capture_default_str();
    reindex->add_option("--server", reindexServer,
                        "Where the search service listens, HOST:PORT (default: the --listen address)");
    auto* syncStatus = app.add_subcommand(
        "sync-status",
        "Print a running server's sync status: open Subscribe streams, change log sizes and how far behind the "
        "events they are. Signs an operator token like reindex, so it needs the server's --data-dir or --keys-dir");
    syncStatus->fallthrough();
    std::string syncStatusServer;
    syncStatus->add_option("--server", syncStatusServer,
                           "Where the sync service listens, HOST:PORT (default: the --listen address)");

    auto* health = app.add_subcommand(
        "health",
        "Ask a running server whether it serves (grpc.health.v1); exit code 0 when it does, 1 when not. For "
        "scripts, systemd and load balancers");
    health->fallthrough();
    std::string healthServer;
    int healthWaitSeconds = 0;
    health->add_option("--server", healthServer, "Where the server listens, HOST:PORT (default: the --listen address)");
    health->add_option("--service", result.healthService,
                       "One service to ask about (devcoll.post.v1.PostService; default: the whole server)");
    health->add_option("--wait", healthWaitSeconds, "Seconds to keep asking while the server is not serving yet")
        ->check(CLI::Range(0, 3600));

    AdminCommand admin;
    std::string adminServer;
    auto* adminApp = app.add_subcommand(
        "admin",
        "Operators' commands on a running server's accounts and reports. Signs an operator token like reindex, "
        "so it needs the server's --data-dir or --keys-dir; in scale-out, --peer SERVICE=HOST:PORT says where "
        "each service listens");
    adminApp->fallthrough();
    adminApp->require_subcommand(1);
    adminApp->add_option("--server", adminServer,
                         "Where the server listens, HOST:PORT (default: the --listen address)");
    auto* createUser = adminApp->add_subcommand(
        "create-user", "Create an account; prints its id and, unless --password-stdin, a generated password");
    createUser->add_option("username", admin.account, "3-30 characters of a-z, 0-9 and _")->required();
    createUser->add_option("email", admin.email, "The account's e-mail address")->required();
    createUser->add_option("--display-name", admin.displayName, "Shown name (default: the username)");
    createUser->add_option("--role", admin.role, "Also grant this role")->check(CLI::IsMember({"moderator", "admin"}));
    createUser->add_flag("--password-stdin", admin.passwordStdin, "Read the password from the first line of stdin");
    for (const char* name : {"grant-role", "revoke-role"}) {
        auto* roleApp = adminApp->add_subcommand(
            name, std::string(name) == "grant-role"
                      ? "Give an account a role; its tokens carry it from its next refresh (within 15 minutes)"
                      : "Take a role from an account; its tokens lose it from its next refresh (within 15 minutes)");
        roleApp->add_option("account", admin.account, "User id, username or e-mail")->required();
        roleApp->add_option("role", admin.role, "moderator or admin")
            ->required()
            ->check(CLI::IsMember({"moderator", "admin"}));
    }
    auto* suspendApp = adminApp->add_subcommand(
        "suspend", "Suspend an account: logins and its tokens are refused at once (an audited moderation action)");
    suspendApp->add_option("account", admin.account, "User id or username")->required();
    suspendApp->add_option("--reason", admin.reason, "Shown to the user; kept in the audit log")->required();
    suspendApp->add_option("--days", admin.days, "Length of the suspension (default: for good)")
        ->check(CLI::Range(1, 3650));
    auto* unsuspendApp = adminApp->add_subcommand("unsuspend", "Lift an account's suspension (audited)");
    unsuspendApp->add_option("account", admin.account, "User id or username")->required();
    unsuspendApp->add_option("--reason", admin.reason, "Kept in the audit log")->required();
    auto* listReports = adminApp->add_subcommand("list-reports", "Print the report queue, oldest first");
    listReports->add_option("--kind", admin.kind, "post, user or all")
        ->check(CLI::IsMember({"post", "user", "all"}))
        ->capture_default_str();
    listReports->add_option("--state", admin.state, "open or resolved")
        ->check(CLI::IsMember({"open", "resolved"}))
        ->capture_default_str();
    listReports->add_option("--limit", admin.limit, "At most this many reports")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    adminApp->add_subcommand("stats",
                             "Print how many accounts, follows, posts, open reports and sync streams there are");
    auto* backupApp = adminApp->add_subcommand(
        "backup",
        "Back up a running embedded server's data dir (every service's database as of one moment, the signing "
        "keys and the media files) into an empty directory; for PostgreSQL use pg_dump (see README)");
    backupApp->add_option("target", admin.path, "The directory to write (must not exist or be empty)")->required();
    auto* restoreApp = adminApp->add_subcommand(
        "restore", "Restore a backup into the --data-dir, which must not exist or be empty (no server runs on it)");
    restoreApp->add_option("backup", admin.path, "A directory written by admin backup")->required();
    auto* exportApp = adminApp->add_subcommand(
        "export",
        "Write one account's data (account, profile, follows, posts, comments, likes, images, sessions, reports "
        "filed, moderation actions) as export.json plus media/ into an empty directory, for a data-portability "
        "request; reads the databases directly (SQLite or --database-url), like backup");
    exportApp->add_option("account", admin.account, "User id, username or e-mail")->required();
    exportApp->add_option("target", admin.path, "The directory to write (must not exist or be empty)")->required();
    for (auto* action : adminApp->get_subcommands({})) action->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        result.exitCode = app.exit(e);
        if (result.exitCode != 0) result.exitCode = 2;
        return result;
    }
    if (!services.empty()) {
        std::stringstream in(services);
        std::string name;
        while (std::getline(in, name, ',')) {
            if (name.empty()) continue;
            if (name != "all" &&
                std::find(knownServices().begin(), knownServices().end(), name) == knownServices().end()) {
                std::cerr << "--services: unknown service '" << name << "' (known: auth,user,post,media,search,sync,"
                          << "moderation,notification)\n";
                result.exitCode = 2;
                return result;
            }
            if (name != "all") c.services.insert(name);
        }
    }
    // The services depend on each other's events (USER_REGISTERED, USER_DELETED, USER_FOLLOWED):
    // without a broker to carry them between processes, they must all run in this one.
    if (!c.services.empty() && c.services.size() != knownServices().size() && c.amqpUrl.empty()) {
        std::cerr << "--services: the services exchange events; running only some of them in this process needs "
                     "--amqp-url (a RabbitMQ broker to carry the events)\n";
        result.exitCode = 2;
        return result;
    }
    if (!c.amqpUrl.empty()) {
        if (auto address = events::parseAmqpUrl(c.amqpUrl); !address.ok()) {
            std::cerr << address.error().message << "\n";
            result.exitCode = 2;
            return result;
        }
    }
    if (!c.databaseUrl.empty() && c.databaseUrl.rfind("postgresql://", 0) != 0 &&
        c.databaseUrl.rfind("postgres://", 0) != 0) {
        std::cerr << "--database-url: must start with postgresql:// (or be absent for SQLite)\n";
        result.exitCode = 2;
        return result;
    }
    for (const std::string& peer : peers) {
        const auto eq = peer.find('=');
        const std::string name = peer.substr(0, eq);
        if (eq == std::string::npos || eq + 1 == peer.size() ||
            std::find(knownServices().begin(), knownServices().end(), name) == knownServices().end()) {
            std::cerr << "--peer: expected SERVICE=HOST:PORT with a known service, got '" << peer << "'\n";
            result.exitCode = 2;
            return result;
        }
        c.peers[name] = peer.substr(eq + 1);
    }
    // The gateway is on by default where it can reach every service: the embedded default.
    if (httpListen.empty()) {
        httpListen = c.services.empty() && c.amqpUrl.empty() ? "127.0.0.1:3000" : "off";
    }
    c.http.listen = httpListen == "off" ? "" : httpListen;
    c.http.maxBodyBytes = httpMaxBodyKib * 1024;
    for (const std::string& origin : c.http.corsOrigins) {
        if (origin != "*" && origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
            std::cerr << "--http-cors-origin: expected an origin such as https://app.example.org or *, got '" << origin
                      << "'\n";
            result.exitCode = 2;
            return result;
        }
    }
    if (c.workers == 0) c.workers = std::max(4u, 2 * std::thread::hardware_concurrency());
    c.accessTokenLifetime = std::chrono::minutes(accessMinutes);
    c.rateLimits.callWindow = std::chrono::seconds(rateWindowSeconds);
    c.media.maxUploadBytes = maxUploadMib * 1024 * 1024;
    c.media.quotaBytes = quotaMib * 1024 * 1024;
    c.media.maxImagePixels = megapixels * 1'000'000;
    c.media.uploadExpiry = std::chrono::hours(expiryHours);
    c.sync.feedWindow = std::chrono::hours(24 * feedWindowDays);
    c.sync.retention = std::chrono::hours(24 * retentionDays);
    result.rotateKeys = rotate->parsed();
    auto operatorCommand = [&c](const std::string& flag) {
        std::string server = flag.empty() ? c.listen : flag;
        // A server listening on every interface is reached on loopback.
        for (const std::string wildcard : {"0.0.0.0:", "[::]:"}) {
            if (server.rfind(wildcard, 0) == 0) server = "127.0.0.1:" + server.substr(wildcard.size());
        }
        return OperatorCommand{server};
    };
    if (reindex->parsed()) result.reindex = operatorCommand(reindexServer);
    if (syncStatus->parsed()) result.syncStatus = operatorCommand(syncStatusServer);
    if (health->parsed()) {
        result.health = operatorCommand(healthServer);
        result.healthWait = std::chrono::seconds(healthWaitSeconds);
    }
    if (adminApp->parsed()) {
        for (auto* action : adminApp->get_subcommands({})) {
            if (action->parsed()) admin.action = action->get_name();
        }
        admin.server = operatorCommand(adminServer).server;
        result.admin = std::move(admin);
    }
    result.config = std::move(c);
    return result;
}

}  // namespace devcoll
