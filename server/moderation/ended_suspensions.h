#pragma once
// Lifts suspensions whose period has ended. Tokens and logins already work again the moment
// a period ends (every service compares `until` with its clock), but what a suspension hid
// comes back only with USER_UNSUSPENDED; this sweep publishes it, as an audit log entry by
// `system`. Safe to run in several processes at once: the lifting write is the guard.
#include "moderation/moderation_store.h"

namespace devcoll::moderation {

// The moderator id of the sweep's actions.
inline constexpr std::string_view kSystemModerator = "system";

// Lifts every ended suspension on record; returns how many it lifted.
Result<int> liftEndedSuspensions(ModerationStore& store);

}  // namespace devcoll::moderation
