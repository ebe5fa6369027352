#include "sync/sync_changes.h"

#include <google/protobuf/util/json_util.h>

#include "platform/clock.h"
#include "platform/rpc/paging.h"

namespace devcoll::sync {
namespace {

constexpr std::string_view kCursorList = "sync";
// Above every EntityKind: (seq, kKindCeiling, "") sorts after every change at seq.
constexpr std::int64_t kKindCeiling = 1 << 20;

}  // namespace

std::string sealPosition(const security::PageTokens& tokens, const std::string& userId, const LogPosition& position) {
    return rpc::sealCursor(tokens, kCursorList, userId,
                           {std::to_string(position.seq), std::to_string(position.kind), position.entityId});
}

Result<LogPosition> openPosition(const security::PageTokens& tokens, const std::string& userId,
                                 const std::string& cursor, std::string_view field) {
    auto parts = rpc::openCursor(tokens, cursor, kCursorList, userId, 3);
    if (!parts.ok()) {
        Error e = parts.takeError();
        e.field = std::string(field);
        e.message = std::string(field) + ": not a cursor of your stream";
        return e;
    }
    if (!*parts) return LogPosition{};
    DEVCOLL_TRY(const std::int64_t seq, rpc::cursorInteger((**parts)[0]));
    DEVCOLL_TRY(const std::int64_t kind, rpc::cursorInteger((**parts)[1]));
    return LogPosition{seq, kind, (**parts)[2]};
}

Error resyncRequired() {
    Error e = makeError(ErrorCode::FailedPrecondition,
                        "RESYNC_REQUIRED: the cursor is older than the changes this server keeps; take a new "
                        "Snapshot (keeping the changes not yet uploaded)");
    e.details.emplace_back("reason", "RESYNC_REQUIRED");
    return e;
}

LogPosition afterPosition(std::int64_t seq) { return LogPosition{seq, kKindCeiling, ""}; }

Result<std::optional<v1::ResyncDiff>> resyncDiffFor(SyncStore& store, const std::string& userId,
                                                    const LogPosition& from) {
    // The start of the log holds nothing to delete; any other position below the horizon (or
    // inside it, between changes at its seq) may have missed a tombstone that is gone.
    using Diff = std::optional<v1::ResyncDiff>;
    if (from.seq == 0 && from.kind == 0) return Diff();
    DEVCOLL_TRY(const std::int64_t horizon, store.horizon(userId));
    const bool covered = from.seq > horizon || (from.seq == horizon && from.kind == kKindCeiling);
    if (covered) return Diff();
    DEVCOLL_TRY(auto names, store.viewNames(userId));
    if (!names) return resyncRequired();
    v1::ResyncDiff diff;
    for (const EntityName& name : *names) {
        v1::EntityRef* ref = diff.add_scope();
        ref->set_kind(static_cast<v1::EntityKind>(name.kind));
        ref->set_entity_id(name.entityId);
    }
    return Diff(std::move(diff));
}

Result<v1::Change> changeOf(const LogEntry& entry, const security::PageTokens& tokens, const std::string& userId) {
    v1::Change change;
    change.set_cursor(sealPosition(tokens, userId, entry.position));
    const auto kind = static_cast<v1::EntityKind>(entry.position.kind);
    change.set_kind(kind);
    change.set_entity_id(entry.position.entityId);
    change.set_version(entry.version > 0 ? entry.version : entry.position.seq);
    *change.mutable_changed_at() = toTimestamp(entry.changedAt);
    if (entry.tombstone) {
        change.set_tombstone(true);
        return change;
    }
    google::protobuf::Message* target = nullptr;
    switch (kind) {
        case v1::ENTITY_KIND_PROFILE:
            target = change.mutable_profile();
            break;
        case v1::ENTITY_KIND_FOLLOW:
            target = change.mutable_follow();
            break;
        case v1::ENTITY_KIND_POST:
            target = change.mutable_post();
            break;
        case v1::ENTITY_KIND_COMMENT:
            target = change.mutable_comment();
            break;
        case v1::ENTITY_KIND_LIKE:
            target = change.mutable_like();
            break;
        case v1::ENTITY_KIND_MEDIA:
            target = change.mutable_media();
            break;
        case v1::ENTITY_KIND_SETTINGS:
            target = change.mutable_settings();
            break;
        case v1::ENTITY_KIND_NOTIFICATION:
            target = change.mutable_notification();
            break;
        case v1::ENTITY_KIND_NOTIFICATION_STATE:
            target = change.mutable_notification_state();
            break;
        default:
            return makeError(ErrorCode::Internal, "unknown entity kind in the change log");
    }
    const auto status = google::protobuf::util::JsonStringToMessage(entry.payload, target);
    if (!status.ok()) return makeError(ErrorCode::Internal, "cannot read a synced entity: " + status.ToString());
    return change;
}

}  // namespace devcoll::sync
