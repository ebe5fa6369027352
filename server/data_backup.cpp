#include "data_backup.h"

#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "media/blob_store.h"
#include "platform/clock.h"

namespace devcoll {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = "devcoll-backup.json";
constexpr int kBusyTimeoutMs = 30'000;
// How long taking one database's write lock may wait for the server's write in progress.
constexpr int kPauseTimeoutMs = 200;

struct CloseSqlite final {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, CloseSqlite>;

Error sqliteError(sqlite3* db, const std::string& what) {
    return makeError(ErrorCode::Internal, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Result<SqliteHandle> openDatabase(const fs::path& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK) return sqliteError(raw, "cannot open " + path.string());
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    return db;
}

Status exec(sqlite3* db, const std::string& sql, const std::string& what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        return makeError(ErrorCode::Internal, what + ": " + text);
    }
    return {};
}

Result<std::vector<std::string>> column(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return sqliteError(db, sql);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
    std::vector<std::string> values;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(raw, 0);
        values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) return sqliteError(db, sql);
    return values;
}

}  // namespace

Status requireEmptyDir(const fs::path& dir, const std::string& what) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
        return makeError(ErrorCode::FailedPrecondition, what + " " + dir.string() + " is not empty");
    }
    fs::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
    return {};
}

namespace {

Status copyTree(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_directories(to, ec);
    if (!ec) fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    // The keys directory is 0700: so is its copy (the files keep their own modes).
    if (!ec) fs::permissions(to, fs::status(from).permissions(), ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot copy " + from.string() + ": " + ec.message());
    return {};
}

std::string sizeText(const fs::path& file) {
    std::error_code ec;
    const double mib = static_cast<double>(fs::file_size(file, ec)) / (1024.0 * 1024.0);
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", ec ? 0.0 : mib);
    return text;
}

// One service's database held at one moment: `snapshot` keeps a read transaction open.
struct Held final {
    std::string service;
    SqliteHandle writer;
    SqliteHandle snapshot;
};

// Takes every database's write lock. Each is tried briefly: when one is busy, the others are let
// go before trying again, so that the server never waits long on a database held by a backup
// that is itself waiting.
Status pauseWriters(std::vector<Held>& held) {
    constexpr int kRounds = 50;
    for (int round = 1;; ++round) {
        std::size_t taken = 0;
        for (; taken < held.size(); ++taken) {
            if (!exec(held[taken].writer.get(), "BEGIN IMMEDIATE", "").ok()) break;
        }
        if (taken == held.size()) return {};
        for (std::size_t i = 0; i < taken; ++i) exec(held[i].writer.get(), "ROLLBACK", "").ok();
        if (round == kRounds) {
            return makeError(ErrorCode::Unavailable, "the server kept " + held[taken].service +
                                                         " busy; try the backup again at a quieter moment");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 * round));
    }
}

}  // namespace

Status backUp(const Config& config, const fs::path& target, const BackupProgress& progress) {
    if (!config.databaseUrl.empty()) {
        return makeError(ErrorCode::FailedPrecondition,
                         "this deployment runs on PostgreSQL: back up each service's database with pg_dump "
                         "(README, \"Operator's guide\"), plus the media and keys directories");
    }
    if (!config.amqpUrl.empty()) {
        // Through a broker, an event may be neither in its producer's outbox nor applied yet.
        return makeError(ErrorCode::FailedPrecondition,
                         "this deployment carries events through RabbitMQ, which a backup of the databases alone "
                         "cannot hold: stop the services (SIGTERM drains the outboxes) and copy the data dir");
    }
    const fs::path data(config.dataDir);
    std::vector<Held> held;
    for (const std::string& service : knownServices()) {
        const fs::path file = data / (service + ".db");
        if (!fs::exists(file)) continue;  // a service added after this data dir was last served
        Held h{service, nullptr, nullptr};
        DEVCOLL_TRY(h.writer, openDatabase(file, SQLITE_OPEN_READWRITE));
        sqlite3_busy_timeout(h.writer.get(), kPauseTimeoutMs);
        DEVCOLL_TRY(h.snapshot, openDatabase(file, SQLITE_OPEN_READONLY));
        held.push_back(std::move(h));
    }
    if (held.empty()) return makeError(ErrorCode::NotFound, "no devcoll databases in " + data.string());
    DEVCOLL_CHECK(requireEmptyDir(target, "the backup directory"));

    // One moment for every service: hold every writer back, take each read snapshot, let the
    // writers go. Events between services are then either still in a producer's outbox (sent
    // again after a restore, and skipped by consumers that have them) or in the consumer's
    // inbox too: nothing is half-delivered.
    DEVCOLL_CHECK(pauseWriters(held));
    Status snapshots;
    for (Held& h : held) {
        snapshots = exec(h.snapshot.get(), "BEGIN; SELECT COUNT(*) FROM sqlite_schema;", "cannot read " + h.service);
        if (!snapshots.ok()) break;
    }
    for (Held& h : held) exec(h.writer.get(), "ROLLBACK", "").ok();
    DEVCOLL_CHECK(snapshots);
    progress("snapshot of " + std::to_string(held.size()) + " databases taken; the server goes on meanwhile");

    std::set<std::string> blobs;
    nlohmann::json manifest{{"format", 1}, {"created_at_micros", nowMicros()}, {"services", nlohmann::json::array()}};
    for (Held& h : held) {
        const fs::path file = target / (h.service + ".db");
        DEVCOLL_TRY(SqliteHandle copy, openDatabase(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
        sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", h.snapshot.get(), "main");
        if (!backup) return sqliteError(copy.get(), "cannot back up " + h.service);
        // One step: the whole database under the snapshot's read transaction.
        const int rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) return sqliteError(copy.get(), "cannot back up " + h.service);
        // It holds password hashes and sessions: for the owner alone, whatever the umask.
        std::error_code ec;
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, ec);
        if (h.service == "media") {
            // Blobs no variant refers to any more are the janitor's to delete: not copied.
            DEVCOLL_TRY(auto shas, column(h.snapshot.get(), "SELECT sha256 FROM blobs WHERE refs > 0"));
            blobs.insert(shas.begin(), shas.end());
        }
        exec(h.snapshot.get(), "COMMIT", "").ok();
        manifest["services"].push_back(h.service);
        progress(h.service + ".db: " + sizeText(file));
    }

    DEVCOLL_CHECK(copyTree(config.effectiveKeysDir(), target / "keys"));
    progress("signing keys copied");
    const fs::path media = data / "media";
    for (const std::string& sha : blobs) {
        const fs::path from = media::BlobStore::blobPathUnder(media, sha);
        const fs::path to = media::BlobStore::blobPathUnder(target / "media", sha);
        std::error_code ec;
        fs::create_directories(to.parent_path(), ec);
        if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return makeError(ErrorCode::Aborted, "media file " + sha + " went away during the backup (" + ec.message() +
                                                     "); run the backup again");
        }
    }
    manifest["media_files"] = blobs.size();
    progress(std::to_string(blobs.size()) + " media files copied");
    std::ofstream out(target / kManifest);
    out << manifest.dump(2) << "\n";
    if (!out.flush()) return makeError(ErrorCode::Internal, "cannot write " + (target / kManifest).string());
    return {};
}

Status restore(const Config& config, const fs::path& source, const BackupProgress& progress) {
    if (!config.databaseUrl.empty()) {
        return makeError(ErrorCode::FailedPrecondition,
                         "this deployment runs on PostgreSQL: restore each service's database with pg_restore");
    }
    std::ifstream in(source / kManifest);
    if (!in) return makeError(ErrorCode::NotFound, source.string() + " is not a devcoll backup (no " + kManifest + ")");
    const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("services") || !manifest["services"].is_array()) {
        return makeError(ErrorCode::InvalidArgument, (source / kManifest).string() + " is damaged");
    }
    std::vector<std::string> services;
    for (const auto& s : manifest["services"]) {
        const std::string name = s.is_string() ? s.get<std::string>() : "";
        if (std::find(knownServices().begin(), knownServices().end(), name) == knownServices().end()) {
            return makeError(ErrorCode::InvalidArgument, "the backup names an unknown service '" + name + "'");
        }
        services.push_back(name);
    }
    // Everything is checked before anything is written.
    for (const std::string& service : services) {
        const fs::path file = source / (service + ".db");
        auto db = openDatabase(file, SQLITE_OPEN_READONLY);
        auto verdict = db.ok() ? column(db->get(), "PRAGMA integrity_check") : db.takeError();
        if (!verdict.ok() || *verdict != std::vector<std::string>{"ok"}) {
            const std::string why = verdict.ok() ? verdict->front() : verdict.error().message;
            return makeError(ErrorCode::FailedPrecondition, file.string() + " is damaged: " + why);
        }
        progress(service + ".db: checked");
    }
    const fs::path data(config.dataDir);
    DEVCOLL_CHECK(requireEmptyDir(data, "the data directory"));
    if (config.effectiveKeysDir() != (data / "keys").string()) {
        DEVCOLL_CHECK(requireEmptyDir(config.effectiveKeysDir(), "the keys directory"));
    }
    for (const std::string& service : services) {
        std::error_code ec;
        fs::copy_file(source / (service + ".db"), data / (service + ".db"), ec);
        if (ec) return makeError(ErrorCode::Internal, "cannot restore " + service + ".db: " + ec.message());
    }
    DEVCOLL_CHECK(copyTree(source / "keys", config.effectiveKeysDir()));
    if (fs::exists(source / "media")) DEVCOLL_CHECK(copyTree(source / "media", data / "media"));
    progress("restored " + std::to_string(services.size()) + " databases, the keys and the media files into " +
             data.string());
    return {};
}

}  // namespace devcoll
