#pragma once
// What Pull, Snapshot and Subscribe share: cursors (sealed positions in one user's log, which
// no other user can use and nobody can forge) and Change messages made from log entries.
#include <optional>
#include <string>
#include <string_view>

#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.pb.h"
#include "platform/security/page_tokens.h"
#include "sync/sync_store.h"

namespace devcoll::sync {

std::string sealPosition(const security::PageTokens& tokens, const std::string& userId, const LogPosition& position);

// The position in `cursor` ("" is the start of the log); InvalidArgument naming `field` when
// it is malformed, tampered with or another user's.
Result<LogPosition> openPosition(const security::PageTokens& tokens, const std::string& userId,
                                 const std::string& cursor, std::string_view field);

// The position just after every change at or below `seq`.
LogPosition afterPosition(std::int64_t seq);

// A cursor older than the changes kept: FailedPrecondition, reason RESYNC_REQUIRED.
Error resyncRequired();

// For a position the kept tombstones no longer cover, the diff that brings its replica up to
// date (or RESYNC_REQUIRED when the view is too large to name); nothing for any other position.
Result<std::optional<v1::ResyncDiff>> resyncDiffFor(SyncStore& store, const std::string& userId,
                                                    const LogPosition& from);

Result<v1::Change> changeOf(const LogEntry& entry, const security::PageTokens& tokens, const std::string& userId);

}  // namespace devcoll::sync
