#pragma once
// `admin export`: one account's data for a data-portability request (GDPR article 20), read from
// the services' databases (either engine) into a new directory: export.json (the account, its
// profile, follows, posts with their earlier versions, comments, likes, images, sessions, the
// reports it filed and the moderation actions that affected it) and media/ with the original
// of each image it uploaded. Nothing secret goes in: no password hash, no tokens, and no
// other person's reports or moderators' identities.
#include <filesystem>
#include <string>

#include "data_backup.h"
#include "devcoll/result.h"
#include "platform/config.h"

namespace devcoll {

// Exports `account` (user id, username or e-mail) into `target`, which must not exist or be
// empty. NotFound when no account matches.
Status exportAccount(const Config& config, const std::string& account, const std::filesystem::path& target,
                     const BackupProgress& progress);

}  // namespace devcoll
