#include "devcoll_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <set>
#include <thread>

#include "auth/auth_events.h"
#include "auth/auth_service.h"
#include "devcoll/ids.h"
#include "echo_service.h"
#include "gateway/http_gateway.h"
#include "gateway_wiring.h"
#include "grpc/health/v1/health.pb.h"
#include "media/image_inspector.h"
#include "media/media_events.h"
#include "media/media_janitor.h"
#include "media/media_service.h"
#include "moderation/ended_suspensions.h"
#include "moderation/moderation_events.h"
#include "moderation/moderation_service.h"
#include "notification/facts_backfill.h"
#include "notification/notification_events.h"
#include "notification/notification_service.h"
#include "platform/events/amqp_transport.h"
#include "platform/events/event_consumer.h"
#include "platform/events/event_topology.h"
#include "platform/events/in_process_transport.h"
#include "platform/events/outbox.h"
#include "platform/events/outbox_relay.h"
#include "platform/events/suspension_feed.h"
#include "platform/metrics/call_metrics.h"
#include "platform/metrics/metrics_endpoint.h"
#include "platform/metrics/process_collector.h"
#include "platform/metrics/service_collector.h"
#include "platform/periodic_task.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/key_store.h"
#include "platform/security/page_tokens.h"
#include "platform/worker_pool.h"
#include "post/post_events.h"
#include "post/post_service.h"
#include "search/search_events.h"
#include "search/search_service.h"
#include "sync/sync_events.h"
#include "sync/sync_service.h"
#include "user/user_events.h"
#include "user/user_service.h"

namespace devcoll::auth {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::user {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::post {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::media {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::search {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::sync {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::moderation {
const std::map<std::string, std::string>& sqlFiles();
}
namespace devcoll::notification {
const std::map<std::string, std::string>& sqlFiles();
}

namespace devcoll {
namespace {

constexpr auto kDrainTimeout = std::chrono::seconds(10);
// How often a replica rereads suspensions another replica's consumer may have written.
constexpr auto kSuspensionReload = std::chrono::seconds(2);

// What every service has: its workers, database, outbox relay and event consumer.
struct ServiceBase {
    std::string name;
    std::unique_ptr<WorkerPool> workers;
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<events::OutboxRelay> relay;
    std::unique_ptr<events::EventConsumer> consumer;
    std::unique_ptr<rpc::RpcRuntime> runtime;
};

Result<std::unique_ptr<storage::Database>> openDatabase(const std::string& name, const Config& config,
                                                        const std::map<std::string, std::string>& sqlFiles,
                                                        std::size_t connections) {
    const storage::DatabaseLocation location = databaseLocation(config, name);
    DEVCOLL_TRY(auto catalog, storage::SqlCatalog::load(sqlFiles, location.engine));
    return storage::Database::open(name, location, std::make_shared<const storage::SqlCatalog>(std::move(catalog)),
                                   connections);
}

Result<ServiceBase> openService(const std::string& name, const Config& config,
                                const std::map<std::string, std::string>& sqlFiles, events::EventTransport& transport,
                                security::AccessTokens& tokens, security::Suspensions& suspensions,
                                rpc::RateLimiter& limiter, metrics::CallMetrics* calls) {
    ServiceBase s;
    s.name = name;
    // One connection per worker, plus the relay's and the consumer's.
    DEVCOLL_TRY(s.db, openDatabase(name, config, sqlFiles, config.workers + 2));
    DEVCOLL_CHECK(events::createEventTables(*s.db));
    DEVCOLL_CHECK(events::createSuspensionTable(*s.db));
    DEVCOLL_CHECK(events::loadSuspensions(*s.db, suspensions));
    s.workers = std::make_unique<WorkerPool>(config.workers);
    s.relay = std::make_unique<events::OutboxRelay>(*s.db, transport);
    s.consumer = std::make_unique<events::EventConsumer>(
        name, *s.db,
        events::RetryPolicy{config.eventMaxAttempts, std::chrono::milliseconds(50), std::chrono::seconds(2)});
    s.runtime = std::make_unique<rpc::RpcRuntime>(*s.workers, tokens, suspensions, limiter, calls, config.maxQueueWait);
    // Every service refuses a suspended account's tokens, so every service follows suspensions.
    events::followSuspensions(*s.consumer, suspensions);
    return s;
}

void applyHardening(grpc::ServerBuilder& builder, const Config& config) {
    builder.SetMaxReceiveMessageSize(static_cast<int>(config.maxMessageBytes));
    builder.SetMaxSendMessageSize(static_cast<int>(config.maxMessageBytes));
    // HTTP/2 rapid reset (CVE-2023-44487) and connection floods (CVE-2023-4785) are not fixed
    // in gRPC 1.51: bound what one connection may hold and how long it lives.
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams);
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               static_cast<int>(std::chrono::milliseconds(config.maxConnectionAge).count()));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30'000);
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, 15 * 60'000);
    builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
    // Keepalive: ping idle clients every 2 minutes, and refuse clients that ping more often
    // than every 10 seconds (two strikes, then the connection is closed).
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 120'000);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
    grpc::ResourceQuota quota("devcoll-server");
    quota.Resize(1024UL * 1024 * 1024);
    builder.SetResourceQuota(quota);
}

}  // namespace

storage::DatabaseLocation databaseLocation(const Config& config, const std::string& service) {
    storage::DatabaseLocation location;
    if (config.databaseUrl.empty()) {
        location.engine = storage::Engine::Sqlite;
        location.sqlitePath = config.dataDir + "/" + service + ".db";
    } else {
        location.engine = storage::Engine::Postgres;
        location.postgresUrl = config.databaseUrl;
        location.schema = config.schemaPrefix + "devcoll_" + service;
        // Search's queries differ in selectivity by orders of magnitude with their terms.
        location.customPlans = service == "search";
    }
    return location;
}

Result<std::unique_ptr<storage::Database>> openServiceDatabase(const Config& config, const std::string& service) {
    const auto& names = knownServices();
    if (std::find(names.begin(), names.end(), service) == names.end()) {
        return makeError(ErrorCode::InvalidArgument, "no service is called " + service);
    }
    // No migrations in the catalog: the database stays as the server that owns it left it.
    return openDatabase(service, config, {}, 1);
}

struct DevcollServer::Parts {
    Config config;
    std::unique_ptr<security::KeyStore> keys;
    std::unique_ptr<security::AccessTokens> tokens;
    std::unique_ptr<security::PageTokens> pageTokens;
    std::unique_ptr<events::EventTransport> transport;
    security::Suspensions suspensions;
    std::unique_ptr<rpc::RateLimiter> limiter;
    std::shared_ptr<prometheus::Registry> metricsRegistry;
    std::unique_ptr<metrics::CallMetrics> callMetrics;
    std::vector<ServiceBase> bases;
    std::unique_ptr<PeriodicTask> suspensionReload;

    std::unique_ptr<auth::PasswordHasher> hasher;
    std::unique_ptr<auth::MailDirectoryNotifier> notifier;
    std::unique_ptr<auth::AuthStore> authStore;
    std::unique_ptr<auth::AuthService> authService;
    std::unique_ptr<user::UserStore> userStore;
    std::unique_ptr<user::UserService> userService;
    std::unique_ptr<post::PostStore> postStore;
    std::unique_ptr<post::CommentStore> commentStore;
    std::unique_ptr<post::PostService> postService;
    std::unique_ptr<media::BlobStore> blobs;
    std::unique_ptr<media::ActiveUploads> activeUploads;
    std::unique_ptr<media::MediaStore> mediaStore;
    std::unique_ptr<media::UploadFinisher> uploadFinisher;
    std::unique_ptr<media::MediaJanitor> mediaJanitor;
    std::unique_ptr<media::MediaService> mediaService;
    std::unique_ptr<search::SearchStore> searchStore;
    std::unique_ptr<search::IndexRebuild> indexRebuild;
    std::unique_ptr<search::SearchService> searchService;
    std::unique_ptr<sync::SyncHub> syncHub;
    std::unique_ptr<sync::SyncStore> syncStore;
    std::unique_ptr<sync::SyncService> syncService;
    std::unique_ptr<PeriodicTask> syncPurge;
    std::unique_ptr<moderation::ModerationStore> moderationStore;
    std::unique_ptr<moderation::ModerationService> moderationService;
    std::unique_ptr<PeriodicTask> suspensionSweep;
    std::unique_ptr<notification::NotificationStore> notificationStore;
    std::unique_ptr<notification::NotificationService> notificationService;
    std::unique_ptr<notification::FactsBackfill> notificationBackfill;
    std::unique_ptr<EchoService> echo;
    std::unique_ptr<grpc::Server> server;
    std::unique_ptr<gateway::HttpGateway> gateway;
    // Last: its collectors read the services' databases, which must outlive it.
    std::unique_ptr<metrics::MetricsEndpoint> metricsEndpoint;

    ServiceBase* base(const std::string& name) {
        for (auto& b : bases) {
            if (b.name == name) return &b;
        }
        return nullptr;
    }
};

Result<std::unique_ptr<DevcollServer>> DevcollServer::start(const Config& config) {
    auto p = std::make_unique<Parts>();
    p->config = config;
    std::error_code ec;
    std::filesystem::create_directories(config.dataDir, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot create data dir " + config.dataDir + ": " + ec.message());

    DEVCOLL_TRY(p->keys, security::KeyStore::open(config.effectiveKeysDir(), config.accessTokenLifetime));
    p->tokens = std::make_unique<security::AccessTokens>(*p->keys, config.accessTokenLifetime);
    const RateLimits& limits = config.rateLimits;
    p->limiter = std::make_unique<rpc::RateLimiter>(rpc::RateLimit{limits.callsPerAccount, limits.callWindow},
                                                    rpc::RateLimit{limits.callsPerAddress, limits.callWindow});
    if (!config.metricsListen.empty()) {
        p->metricsRegistry = std::make_shared<prometheus::Registry>();
        p->callMetrics = std::make_unique<metrics::CallMetrics>(*p->metricsRegistry);
    }
    DEVCOLL_TRY(p->pageTokens, security::PageTokens::load(config.effectiveKeysDir()));
    if (config.amqpUrl.empty()) {
        p->transport = std::make_unique<events::InProcessTransport>();
    } else {
        DEVCOLL_TRY(events::AmqpAddress broker, events::parseAmqpUrl(config.amqpUrl));
        events::AmqpSettings settings;
        settings.address = std::move(broker);
        settings.topology = events::consumedEvents();
        p->transport = std::make_unique<events::AmqpTransport>(std::move(settings));
    }

    // Reflection describes what the generated descriptor pool holds; naming the health
    // messages keeps their descriptors linked in, so stock clients can call grpc.health.v1.
    (void)grpc::health::v1::HealthCheckRequest::descriptor();
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port);
    applyHardening(builder, config);

    // How one service reaches another: in this process through the server's in-process
    // channel (resolved on first use, after the server started), elsewhere through --peer.
    Parts* parts = p.get();
    auto peerChannel = [parts](const std::string& service) -> Result<std::shared_ptr<rpc::Peer>> {
        if (parts->config.runs(service)) {
            return std::make_shared<rpc::Peer>(
                service, [parts] { return parts->server->InProcessChannel(grpc::ChannelArguments()); });
        }
        const auto it = parts->config.peers.find(service);
        if (it == parts->config.peers.end()) {
            return makeError(ErrorCode::InvalidArgument, "this process needs --peer " + service + "=HOST:PORT");
        }
        const std::string address = it->second;
        return std::make_shared<rpc::Peer>(service, [address] { return rpc::remoteChannel(address); });
    };

    if (config.runs("auth")) {
        DEVCOLL_TRY(ServiceBase base, openService("auth", config, auth::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->hasher = std::make_unique<auth::PasswordHasher>();
        p->notifier = std::make_unique<auth::MailDirectoryNotifier>(config.dataDir + "/outbox-mail");
        p->authStore = std::make_unique<auth::AuthStore>(*b.db, *b.relay, config.refreshTokenLifetime);
        p->authService =
            std::make_unique<auth::AuthService>(*b.runtime, *p->authStore, *p->hasher, *p->tokens, *p->notifier,
                                                auth::AuthSettings{config.rateLimits, config.resetTokenLifetime});
        auth::registerAuthEventHandlers(*b.consumer, *p->authStore);
        builder.RegisterService(p->authService.get());
    }
    if (config.runs("user")) {
        DEVCOLL_TRY(ServiceBase base, openService("user", config, user::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->userStore = std::make_unique<user::UserStore>(*b.db, *b.relay);
        DEVCOLL_TRY(auto authChannel, peerChannel("auth"));
        DEVCOLL_TRY(auto mediaChannel, peerChannel("media"));
        p->userService = std::make_unique<user::UserService>(*b.runtime, *p->userStore, *p->pageTokens,
                                                             std::move(authChannel), std::move(mediaChannel));
        user::registerUserEventHandlers(*b.consumer, *p->userStore);
        builder.RegisterService(p->userService.get());
    }
    if (config.runs("post")) {
        DEVCOLL_TRY(ServiceBase base, openService("post", config, post::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->postStore = std::make_unique<post::PostStore>(*b.db, *b.relay);
        p->commentStore = std::make_unique<post::CommentStore>(*b.db, *b.relay, *p->postStore);
        DEVCOLL_TRY(auto mediaChannel, peerChannel("media"));
        p->postService = std::make_unique<post::PostService>(*b.runtime, *p->postStore, *p->commentStore,
                                                             *p->pageTokens, std::move(mediaChannel));
        post::registerPostEventHandlers(*b.consumer, *p->postStore, *p->commentStore, p->suspensions);
        builder.RegisterService(p->postService.get());
    }
    if (config.runs("media")) {
        DEVCOLL_CHECK(media::initImageLibrary());
        DEVCOLL_TRY(ServiceBase base, openService("media", config, media::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        DEVCOLL_TRY(media::BlobStore blobs, media::BlobStore::open(std::filesystem::path(config.dataDir) / "media"));
        p->blobs = std::make_unique<media::BlobStore>(std::move(blobs));
        p->activeUploads = std::make_unique<media::ActiveUploads>();
        const MediaLimits& limits = config.media;
        p->mediaStore = std::make_unique<media::MediaStore>(
            *b.db, *b.relay, media::UploadPolicy{limits.maxUploadBytes, limits.quotaBytes, limits.uploadExpiry});
        p->uploadFinisher = std::make_unique<media::UploadFinisher>(*p->mediaStore, *p->blobs,
                                                                    media::ImageLimits{limits.maxImagePixels});
        p->mediaJanitor =
            std::make_unique<media::MediaJanitor>(*p->mediaStore, *p->blobs, *p->activeUploads, limits.sweepInterval);
        media::MediaJanitor* janitor = p->mediaJanitor.get();
        media::BlobStore* blobStore = p->blobs.get();
        auto released = [janitor] { janitor->wake(); };
        p->mediaService = std::make_unique<media::MediaService>(
            media::MediaParts{*b.runtime, *p->mediaStore, *p->blobs, *p->activeUploads, *p->uploadFinisher, released},
            *p->pageTokens);
        media::registerMediaEventHandlers(*b.consumer, *p->mediaStore, released,
                                          [blobStore](const std::string& id) { blobStore->removePartial(id); });
        builder.RegisterService(p->mediaService.get());
    }
    if (config.runs("search")) {
        DEVCOLL_TRY(ServiceBase base, openService("search", config, search::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->searchStore = std::make_unique<search::SearchStore>(*b.db);
        DEVCOLL_TRY(auto userChannel, peerChannel("user"));
        DEVCOLL_TRY(auto postChannel, peerChannel("post"));
        p->indexRebuild =
            std::make_unique<search::IndexRebuild>(*p->searchStore, std::move(userChannel), std::move(postChannel));
        p->searchService =
            std::make_unique<search::SearchService>(*b.runtime, *p->searchStore, *p->pageTokens, *p->indexRebuild);
        search::registerSearchEventHandlers(*b.consumer, *p->searchStore);
        builder.RegisterService(p->searchService.get());
    }
    if (config.runs("sync")) {
        DEVCOLL_TRY(ServiceBase base, openService("sync", config, sync::sqlFiles(), *p->transport, *p->tokens,
                                                  p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->syncHub = std::make_unique<sync::SyncHub>(config.sync.heartbeatInterval);
        sync::SyncHub* hub = p->syncHub.get();
        sync::SyncSettings settings;
        settings.feedWindow = config.sync.feedWindow;
        settings.retention = config.sync.retention;
        settings.resyncScopeLimit = config.sync.resyncScopeLimit;
        p->syncStore = std::make_unique<sync::SyncStore>(
            *b.db, settings, [hub](const std::set<std::string>& users) { hub->notify(users); });
        sync::SyncStore* syncStore = p->syncStore.get();
        p->syncPurge = std::make_unique<PeriodicTask>(config.sync.purgeInterval, [syncStore] {
            auto purged = syncStore->purgeTombstones();
            if (!purged.ok())
                spdlog::warn("sync: cannot drop old tombstones: {}", purged.error().message);
            else if (*purged > 0)
                spdlog::info("sync: dropped {} tombstones past their retention", *purged);
        });
        p->syncService = std::make_unique<sync::SyncService>(*b.runtime, *p->syncStore, *p->syncHub, *p->pageTokens);
        // A suspended account's open streams end at once, as its tokens are refused.
        p->suspensions.setListener([hub](const std::string& userId, const security::Suspension& suspension) {
            hub->closeUser(userId, makeError(ErrorCode::Unauthenticated,
                                             "access token rejected: account " + describe(suspension)));
        });
        sync::registerSyncEventHandlers(*b.consumer, *p->syncStore);
        builder.RegisterService(p->syncService.get());
    }
    if (config.runs("moderation")) {
        DEVCOLL_TRY(ServiceBase base, openService("moderation", config, moderation::sqlFiles(), *p->transport,
                                                  *p->tokens, p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->moderationStore = std::make_unique<moderation::ModerationStore>(*b.db, *b.relay);
        DEVCOLL_TRY(auto postChannel, peerChannel("post"));
        DEVCOLL_TRY(auto userChannel, peerChannel("user"));
        p->moderationService = std::make_unique<moderation::ModerationService>(
            *b.runtime, *p->moderationStore, *p->pageTokens, std::move(postChannel), std::move(userChannel));
        moderation::registerModerationEventHandlers(*b.consumer, *p->moderationStore);
        moderation::ModerationStore* moderationStore = p->moderationStore.get();
        p->suspensionSweep = std::make_unique<PeriodicTask>(config.suspensionSweepInterval, [moderationStore] {
            auto lifted = moderation::liftEndedSuspensions(*moderationStore);
            if (!lifted.ok())
                spdlog::warn("moderation: cannot lift ended suspensions: {}", lifted.error().message);
            else if (*lifted > 0)
                spdlog::info("moderation: lifted {} suspensions whose period ended", *lifted);
        });
        builder.RegisterService(p->moderationService.get());
    }
    if (config.runs("notification")) {
        DEVCOLL_TRY(ServiceBase base, openService("notification", config, notification::sqlFiles(), *p->transport,
                                                  *p->tokens, p->suspensions, *p->limiter, p->callMetrics.get()));
        p->bases.push_back(std::move(base));
        ServiceBase& b = p->bases.back();
        p->notificationStore = std::make_unique<notification::NotificationStore>(*b.db, *b.relay, p->suspensions);
        p->notificationService =
            std::make_unique<notification::NotificationService>(*b.runtime, *p->notificationStore, *p->pageTokens);
        notification::registerNotificationEventHandlers(*b.consumer, *p->notificationStore);
        DEVCOLL_TRY(auto userChannel, peerChannel("user"));
        DEVCOLL_TRY(auto postChannel, peerChannel("post"));
        p->notificationBackfill = std::make_unique<notification::FactsBackfill>(
            *p->notificationStore, *p->tokens, std::move(userChannel), std::move(postChannel));
        builder.RegisterService(p->notificationService.get());
    }
    if (config.enableEcho) {
        p->echo = std::make_unique<EchoService>();
        builder.RegisterService(p->echo.get());
    }

    for (auto& b : p->bases) {
        // The routing table every process declares must say what this service really consumes.
        const auto listed = events::consumedEvents().find(b.name);
        if (listed == events::consumedEvents().end() || listed->second != b.consumer->types()) {
            p->transport->stop();
            return makeError(ErrorCode::Internal, "event_topology.cpp does not list the events the " + b.name +
                                                      " service consumes: update it");
        }
    }
    if (!config.metricsListen.empty()) {
        std::vector<metrics::ServiceProbe> probes;
        for (auto& b : p->bases) probes.push_back({b.name, b.db.get(), b.consumer.get()});
        sync::SyncHub* hub = p->syncHub.get();
        auto streams = [hub]() -> std::optional<metrics::StreamCounts> {
            if (!hub) return std::nullopt;
            const auto counts = hub->counts();
            return metrics::StreamCounts{counts.streams, counts.users};
        };
        auto endpoint = metrics::MetricsEndpoint::start(
            config.metricsListen, {p->metricsRegistry, std::make_shared<metrics::ServiceCollector>(probes, streams),
                                   std::make_shared<metrics::ProcessCollector>()});
        if (!endpoint.ok()) {
            p->transport->stop();
            return endpoint.takeError();
        }
        p->metricsEndpoint = std::move(endpoint).value();
    }
    for (auto& b : p->bases) {
        if (!b.consumer->types().empty()) b.consumer->attach(*p->transport);
        b.relay->start();
    }
    p->server = builder.BuildAndStart();
    if (!p->server) {
        // Consumers and relays are running: stop them before their objects go away.
        p->transport->stop();
        for (auto& b : p->bases) b.relay->stop();
        return makeError(ErrorCode::Unavailable, "cannot listen on " + config.listen);
    }
    auto* health = p->server->GetHealthCheckService();
    health->SetServingStatus("", true);
    if (p->authService) health->SetServingStatus("devcoll.auth.v1.AuthService", true);
    if (p->userService) health->SetServingStatus("devcoll.user.v1.UserService", true);
    if (p->postService) health->SetServingStatus("devcoll.post.v1.PostService", true);
    if (p->mediaService) health->SetServingStatus("devcoll.media.v1.MediaService", true);
    if (p->searchService) health->SetServingStatus("devcoll.search.v1.SearchService", true);
    if (p->syncService) health->SetServingStatus("devcoll.sync.v1.SyncService", true);
    if (p->moderationService) health->SetServingStatus("devcoll.moderation.v1.ModerationService", true);
    if (p->notificationService) health->SetServingStatus("devcoll.notification.v1.NotificationService", true);
    // Calls the user and post services, which may be this very server: now that it serves.
    if (p->notificationBackfill) p->notificationBackfill->start();
    if (!config.amqpUrl.empty()) {
        // Only one replica of a service consumes its queue at a time; the others learn of a
        // suspension from the table the active one writes.
        p->suspensionReload = std::make_unique<PeriodicTask>(kSuspensionReload, [parts] {
            for (auto& b : parts->bases) {
                const Status loaded = events::loadSuspensions(*b.db, parts->suspensions);
                if (!loaded.ok()) spdlog::warn("{}: cannot reread suspensions: {}", b.name, loaded.error().message);
            }
        });
    }

    if (!config.http.listen.empty()) {
        auto gateway = startGateway(p->config, *p->server, port);
        if (!gateway.ok()) {
            p->server->Shutdown();
            p->transport->stop();
            for (auto& b : p->bases) b.relay->stop();
            return gateway.takeError();
        }
        p->gateway = std::move(gateway).value();
    }

    std::unique_ptr<DevcollServer> server(new DevcollServer(std::move(p)));
    server->m_port = port;
    spdlog::info("devcoll-server listening on {} (port {}), data in {}, {}, events {}", config.listen, port,
                 config.dataDir, config.databaseUrl.empty() ? "SQLite" : "PostgreSQL",
                 config.amqpUrl.empty() ? "in-process" : "through RabbitMQ");
    if (server->m_parts->gateway) {
        spdlog::info("HTTP API at http://{} (port {}), its description at /openapi.json and /docs", config.http.listen,
                     server->m_parts->gateway->port());
    }
    if (server->m_parts->metricsEndpoint) {
        spdlog::info("metrics at http://{}/metrics (port {})", config.metricsListen,
                     server->m_parts->metricsEndpoint->port());
    }
    return server;
}

DevcollServer::DevcollServer(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}

int DevcollServer::httpPort() const { return m_parts->gateway ? m_parts->gateway->port() : 0; }

int DevcollServer::metricsPort() const { return m_parts->metricsEndpoint ? m_parts->metricsEndpoint->port() : 0; }

DevcollServer::~DevcollServer() { shutdown(); }

void DevcollServer::shutdown() {
    std::call_once(m_shutdownOnce, [this] {
        Parts& p = *m_parts;
        spdlog::info("shutting down: finishing calls in flight");
        p.metricsEndpoint.reset();
        if (p.notificationBackfill) p.notificationBackfill->stop();
        // HTTP requests in flight finish first: they are gRPC calls to the services below.
        if (p.gateway) p.gateway->shutdown(p.config.shutdownGrace);
        p.server->GetHealthCheckService()->Shutdown();
        // Subscribe streams never end by themselves: end them now, clients reconnect elsewhere.
        if (p.syncHub) p.syncHub->closeAll();
        p.server->Shutdown(std::chrono::system_clock::now() + p.config.shutdownGrace);
        spdlog::debug("shutdown: gRPC server stopped");
        p.gateway.reset();
        for (auto& b : p.bases) b.workers->stop();
        if (p.mediaJanitor) p.mediaJanitor->stop();
        if (p.indexRebuild) p.indexRebuild->join();  // its call was cancelled with the others
        if (p.syncPurge) p.syncPurge->stop();
        if (p.suspensionSweep) p.suspensionSweep->stop();
        if (p.suspensionReload) p.suspensionReload->stop();
        spdlog::debug("shutdown: workers stopped");
        // Deliver what the last calls wrote: events may cause further events (USER_REGISTERED
        // -> USER_CREATED), so wait until every relay is empty and the transport idle.
        const auto deadline = std::chrono::steady_clock::now() + kDrainTimeout;
        int quietPasses = 0;
        while (quietPasses < 2) {  // two quiet looks in a row: nothing was in between
            for (auto& b : p.bases) b.relay->wake();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            bool quiet = p.transport->idle();
            for (auto& b : p.bases) quiet = quiet && b.relay->drained();
            quietPasses = quiet ? quietPasses + 1 : 0;
            if (std::chrono::steady_clock::now() > deadline) {
                spdlog::warn("outbox not drained in time; the rest is sent at next start");
                break;
            }
        }
        p.transport->stop();
        for (auto& b : p.bases) b.relay->stop();
        spdlog::info("devcoll-server stopped");
        {
            std::lock_guard lock(m_doneMutex);
            m_done = true;
        }
        m_doneCv.notify_all();
    });
}

void DevcollServer::wait() {
    std::unique_lock lock(m_doneMutex);
    m_doneCv.wait(lock, [this] { return m_done; });
}

storage::Database* DevcollServer::database(const std::string& service) {
    ServiceBase* b = m_parts->base(service);
    return b ? b->db.get() : nullptr;
}

events::EventTransport& DevcollServer::transport() { return *m_parts->transport; }

}  // namespace devcoll
