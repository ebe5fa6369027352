#pragma once
// `devcoll-server admin ...`: operators' commands on accounts and reports (create-user,
// grant-role, revoke-role, suspend, unsuspend, list-reports), made through a running server's
// own services, so that they are validated, evented and audited like any other call.
#include "platform/config.h"

namespace devcoll {

// Runs one admin command and prints its outcome; returns the process exit code (0 done, 1
// refused or failed, with the reason on stderr).
int runAdmin(const Config& config, const AdminCommand& command);

}  // namespace devcoll
