#include "data_export.h"

#include <google/protobuf/util/time_util.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "devcoll/moderation/v1/moderation.pb.h"
#include "devcoll/notification/v1/notification.pb.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/validation.h"
#include "devcoll_server.h"
#include "media/blob_store.h"
#include "media/image_variants.h"
#include "platform/clock.h"
#include "platform/storage/text_list.h"

namespace devcoll {
namespace {

namespace fs = std::filesystem;
// Keys in the order written: format first, then the account, then what it made.
using json = nlohmann::ordered_json;

constexpr const char* kFormat = "devcoll-export-1";

std::string timeText(std::int64_t micros) { return google::protobuf::util::TimeUtil::ToString(toTimestamp(micros)); }

// How a column becomes a JSON value.
enum class As { Text, Integer, Time, Flag, SetAt, List };
struct Field final {
    const char* name;  // the JSON key
    const char* column;
    As as;
};

json valueOf(const storage::Row& row, const Field& f) {
    const std::size_t i = row.index(f.column);
    switch (f.as) {
        case As::Text:
            return row.text(i);
        case As::Integer:
            return row.integer(i);
        case As::Time:
            return row.isNull(i) ? json() : json(timeText(row.integer(i)));
        case As::Flag:
            return !row.isNull(i);  // a time column: set or not
        case As::SetAt:
            return row.isNull(i) || row.integer(i) == 0 ? json() : json(timeText(row.integer(i)));
        case As::List:  // ids or roles, as the services join them
            return storage::splitList(row.text(i));
    }
    return {};
}

// Every row of `sql` as an object of `fields`.
Result<json> listOf(storage::Database& db, const std::string& sql, const storage::SqlParams& params,
                    std::initializer_list<Field> fields) {
    return db.read([&](storage::Tx& tx) -> Result<json> {
        DEVCOLL_TRY(auto rows, tx.exec(sql, params));
        json list = json::array();
        for (const auto& row : rows) {
            json item = json::object();
            for (const Field& f : fields) item[f.name] = valueOf(row, f);
            list.push_back(std::move(item));
        }
        return list;
    });
}

// A service's database as it is: nothing created, nothing migrated (the server that owns it may
// be older or newer than this command).
Result<std::unique_ptr<storage::Database>> openExisting(const Config& config, const std::string& service) {
    const storage::DatabaseLocation location = databaseLocation(config, service);
    std::error_code ec;
    if (location.engine == storage::Engine::Sqlite && !fs::exists(location.sqlitePath, ec)) {
        return makeError(ErrorCode::NotFound,
                         "no " + service + " database at " + location.sqlitePath + " (is --data-dir right?)");
    }
    DEVCOLL_TRY(auto db, openServiceDatabase(config, service));
    auto migrated = db->read([](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM schema_migrations"); });
    if (!migrated.ok() || (*migrated)[0].integer(0) == 0) {
        return makeError(ErrorCode::NotFound, "no " + service + " data in " +
                                                  (location.engine == storage::Engine::Sqlite
                                                       ? location.sqlitePath
                                                       : "schema " + location.schema + " (is --database-url right?)"));
    }
    return db;
}

}  // namespace

Status exportAccount(const Config& config, const std::string& account, const fs::path& target,
                     const BackupProgress& progress) {
    DEVCOLL_CHECK(checkText("account", account, 1, 254));
    DEVCOLL_TRY(auto auth, openExisting(config, "auth"));
    DEVCOLL_TRY(json accounts,
                listOf(*auth,
                       "SELECT user_id, username, email, display_name, roles, created_at, password_changed_at "
                       "FROM credentials WHERE user_id = $1 OR username_lower = $2 OR email_lower = $2",
                       {account, asciiLower(account)},
                       {{"id", "user_id", As::Text},
                        {"username", "username", As::Text},
                        {"email", "email", As::Text},
                        {"display_name", "display_name", As::Text},
                        {"roles", "roles", As::List},
                        {"created_at", "created_at", As::Time},
                        {"password_changed_at", "password_changed_at", As::Time}}));
    if (accounts.empty()) return makeError(ErrorCode::NotFound, "no account has the id, username or e-mail " + account);
    const std::string id = accounts[0]["id"];
    std::error_code ec;
    const bool existed = fs::exists(target, ec);
    DEVCOLL_CHECK(requireEmptyDir(target, "the export directory"));
    // A half-written export is worse than none: on failure what was written goes.
    const Status written = [&]() -> Status {
        json out;
        out["format"] = kFormat;
        out["exported_at"] = timeText(nowMicros());
        out["account"] = accounts[0];
        DEVCOLL_TRY(out["sessions"], listOf(*auth,
                                            "SELECT device_name, created_at, last_used_at, expires_at, revoked_at "
                                            "FROM sessions WHERE user_id = $1 ORDER BY created_at",
                                            {id},
                                            {{"device_name", "device_name", As::Text},
                                             {"created_at", "created_at", As::Time},
                                             {"last_used_at", "last_used_at", As::Time},
                                             {"expires_at", "expires_at", As::Time},
                                             {"revoked_at", "revoked_at", As::Time}}));
        auth.reset();
        progress("account and sessions");

        DEVCOLL_TRY(auto user, openExisting(config, "user"));
        DEVCOLL_TRY(json profiles, listOf(*user,
                                          "SELECT display_name, bio, avatar_media_id, created_at, updated_at "
                                          "FROM profiles WHERE id = $1",
                                          {id},
                                          {{"display_name", "display_name", As::Text},
                                           {"bio", "bio", As::Text},
                                           {"avatar_media_id", "avatar_media_id", As::Text},
                                           {"created_at", "created_at", As::Time},
                                           {"updated_at", "updated_at", As::Time}}));
        out["profile"] = profiles.empty() ? json() : profiles[0];
        DEVCOLL_TRY(out["following"], listOf(*user,
                                             "SELECT f.followee_id, p.username, f.created_at FROM follows f "
                                             "JOIN profiles p ON p.id = f.followee_id WHERE f.follower_id = $1 "
                                             "ORDER BY f.created_at",
                                             {id},
                                             {{"user_id", "followee_id", As::Text},
                                              {"username", "username", As::Text},
                                              {"since", "created_at", As::Time}}));
        DEVCOLL_TRY(out["followers"], listOf(*user,
                                             "SELECT f.follower_id, p.username, f.created_at FROM follows f "
                                             "JOIN profiles p ON p.id = f.follower_id WHERE f.followee_id = $1 "
                                             "ORDER BY f.created_at",
                                             {id},
                                             {{"user_id", "follower_id", As::Text},
                                              {"username", "username", As::Text},
                                              {"since", "created_at", As::Time}}));
        user.reset();
        progress("profile and follows");

        DEVCOLL_TRY(auto post, openExisting(config, "post"));
        DEVCOLL_TRY(json posts, listOf(*post,
                                       "SELECT id, body, media_ids, visibility, created_at, updated_at, version, "
                                       "like_count, comment_count, deleted_at, hidden_at, hidden_reason "
                                       "FROM posts WHERE author_id = $1 ORDER BY created_at, id",
                                       {id},
                                       {{"id", "id", As::Text},
                                        {"body", "body", As::Text},
                                        {"media_ids", "media_ids", As::List},
                                        {"visibility", "visibility", As::Integer},
                                        {"created_at", "created_at", As::Time},
                                        {"updated_at", "updated_at", As::Time},
                                        {"version", "version", As::Integer},
                                        {"like_count", "like_count", As::Integer},
                                        {"comment_count", "comment_count", As::Integer},
                                        {"deleted", "deleted_at", As::Flag},
                                        {"hidden", "hidden_at", As::Flag},
                                        {"hidden_reason", "hidden_reason", As::Text}}));
        for (json& p : posts) {
            p["visibility"] = post::v1::Visibility_Name(p["visibility"].get<int>());
            DEVCOLL_TRY(p["revisions"], listOf(*post,
                                               "SELECT version, body, media_ids, edited_at FROM post_revisions "
                                               "WHERE post_id = $1 ORDER BY version",
                                               {p["id"].get<std::string>()},
                                               {{"version", "version", As::Integer},
                                                {"body", "body", As::Text},
                                                {"media_ids", "media_ids", As::List},
                                                {"edited_at", "edited_at", As::Time}}));
        }
        out["posts"] = std::move(posts);
        DEVCOLL_TRY(out["comments"], listOf(*post,
                                            "SELECT id, post_id, parent_comment_id, body, created_at, deleted_at "
                                            "FROM comments WHERE author_id = $1 ORDER BY created_at, id",
                                            {id},
                                            {{"id", "id", As::Text},
                                             {"post_id", "post_id", As::Text},
                                             {"parent_comment_id", "parent_comment_id", As::Text},
                                             {"body", "body", As::Text},
                                             {"created_at", "created_at", As::Time},
                                             {"deleted", "deleted_at", As::Flag}}));
        DEVCOLL_TRY(out["likes"],
                    listOf(*post, "SELECT post_id, created_at FROM likes WHERE user_id = $1 ORDER BY created_at", {id},
                           {{"post_id", "post_id", As::Text}, {"created_at", "created_at", As::Time}}));
        post.reset();
        progress(std::to_string(out["posts"].size()) + " posts, " + std::to_string(out["comments"].size()) +
                 " comments, " + std::to_string(out["likes"].size()) + " likes");

        DEVCOLL_TRY(auto media, openExisting(config, "media"));
        DEVCOLL_TRY(json images,
                    listOf(*media,
                           "SELECT m.id, m.content_type, m.size_bytes, m.width, m.height, m.file_name, "
                           "m.created_at, v.blob_sha256 FROM media m JOIN media_variants v "
                           "ON v.media_id = m.id AND v.variant = 1 WHERE m.owner_id = $1 ORDER BY m.created_at",
                           {id},
                           {{"id", "id", As::Text},
                            {"content_type", "content_type", As::Text},
                            {"size_bytes", "size_bytes", As::Integer},
                            {"width", "width", As::Integer},
                            {"height", "height", As::Integer},
                            {"file_name", "file_name", As::Text},
                            {"created_at", "created_at", As::Time},
                            {"file", "blob_sha256", As::Text}}));
        media.reset();
        const fs::path blobs = fs::path(config.dataDir) / "media";
        if (!images.empty()) fs::create_directories(target / "media", ec);
        for (json& image : images) {
            // The sha256 names the stored file; the export names it after the image.
            const std::string sha = image["file"];
            const std::string name =
                "media/" + image["id"].get<std::string>() + media::fileSuffixOf(image["content_type"]);
            fs::copy_file(media::BlobStore::blobPathUnder(blobs, sha), target / name, ec);
            if (ec)
                return makeError(ErrorCode::Internal,
                                 "cannot copy image " + image["id"].get<std::string>() + ": " + ec.message());
            image["file"] = name;
        }
        out["media"] = std::move(images);
        progress(std::to_string(out["media"].size()) + " images");

        DEVCOLL_TRY(auto moderation, openExisting(config, "moderation"));
        DEVCOLL_TRY(out["reports_filed"],
                    listOf(*moderation,
                           "SELECT r.subject_kind, r.subject_id, c.reason, c.note, c.created_at FROM complaints c "
                           "JOIN reports r ON r.id = c.report_id WHERE c.reporter_id = $1 ORDER BY c.created_at",
                           {id},
                           {{"subject_kind", "subject_kind", As::Integer},
                            {"subject_id", "subject_id", As::Text},
                            {"reason", "reason", As::Integer},
                            {"note", "note", As::Text},
                            {"created_at", "created_at", As::Time}}));
        // What moderators did about the account, without naming them; not dismissals, whose reasons
        // are moderators' notes to each other (and may name who reported).
        DEVCOLL_TRY(out["moderation_actions"],
                    listOf(*moderation,
                           "SELECT kind, subject_kind, subject_id, reason, created_at, suspended_until FROM actions "
                           "WHERE affected_user_id = $1 AND kind <> $2 ORDER BY created_at",
                           {id, std::int64_t{moderation::v1::ACTION_KIND_DISMISS}},
                           {{"kind", "kind", As::Integer},
                            {"subject_kind", "subject_kind", As::Integer},
                            {"subject_id", "subject_id", As::Text},
                            {"reason", "reason", As::Text},
                            {"created_at", "created_at", As::Time},
                            {"suspended_until", "suspended_until", As::SetAt}}));
        moderation.reset();
        // Enum numbers as their names, which say what they mean.
        for (json& r : out["reports_filed"]) {
            r["subject_kind"] = moderation::v1::SubjectKind_Name(r["subject_kind"].get<int>());
            r["reason"] = moderation::v1::ReportReason_Name(r["reason"].get<int>());
        }
        for (json& a : out["moderation_actions"]) {
            a["kind"] = moderation::v1::ActionKind_Name(a["kind"].get<int>());
            a["subject_kind"] = moderation::v1::SubjectKind_Name(a["subject_kind"].get<int>());
        }
        progress("reports and moderation actions");

        // The account's notification settings: its own choices. The notifications themselves are
        // other people's activity (who liked, who mentioned), which is theirs to export.
        auto notification = openExisting(config, "notification");
        if (notification.ok()) {
            DEVCOLL_TRY(out["notification_preferences"],
                        listOf(**notification,
                               "SELECT kind, delivery FROM notification_preferences WHERE recipient_id = $1 "
                               "ORDER BY kind",
                               {id}, {{"kind", "kind", As::Integer}, {"delivery", "delivery", As::Integer}}));
            notification->reset();
            for (json& p : out["notification_preferences"]) {
                p["kind"] = notification::v1::NotificationKind_Name(p["kind"].get<int>());
                p["delivery"] = notification::v1::Delivery_Name(p["delivery"].get<int>());
            }
        } else if (notification.error().code == ErrorCode::NotFound) {
            out["notification_preferences"] = json::array();  // a data dir from before notifications
        } else {
            return notification.takeError();
        }

        const fs::path file = target / "export.json";
        std::ofstream stream(file);
        stream << out.dump(2) << '\n';
        stream.close();
        if (!stream) return makeError(ErrorCode::Internal, "cannot write " + file.string());
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, ec);
        return {};
    }();
    if (!written.ok()) {
        if (existed) {
            for (const auto& entry : fs::directory_iterator(target, ec)) fs::remove_all(entry.path(), ec);
        } else {
            fs::remove_all(target, ec);
        }
    }
    return written;
}

}  // namespace devcoll
