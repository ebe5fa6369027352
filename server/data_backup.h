#pragma once
// Backups of an embedded (SQLite) deployment's data directory, taken while the server runs, and
// their restore into an empty data directory. A backup holds every service's database as of
// one moment (writers are held back while a read snapshot of each is taken, then released
// before the copying starts), the signing keys, and the media files those databases refer to.
// PostgreSQL deployments back up with pg_dump per database (README, "Operator's guide").
#include <filesystem>
#include <functional>
#include <string>

#include "devcoll/result.h"
#include "platform/config.h"

namespace devcoll {

// Told of each step as it is done ("auth.db: 1.2 MiB"), for the command line's progress.
using BackupProgress = std::function<void(const std::string&)>;

// Creates `dir` (owner only) or accepts it empty; FailedPrecondition when it holds anything.
Status requireEmptyDir(const std::filesystem::path& dir, const std::string& what);

// Backs up `config`'s data dir into `target`, which must not exist or be empty.
Status backUp(const Config& config, const std::filesystem::path& target, const BackupProgress& progress);

// Restores the backup in `source` into `config`'s data dir (and keys dir), which must not exist
// or be empty. Every database is checked (PRAGMA integrity_check) before anything is written.
Status restore(const Config& config, const std::filesystem::path& source, const BackupProgress& progress);

}  // namespace devcoll
