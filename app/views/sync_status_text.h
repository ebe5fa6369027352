#pragma once
// The sync status in a few words for the status bar: offline with what waits, syncing with what
// is left, or up to date and since when, plus what needs the user.
#include <QString>

#include "sync/sync_engine.h"

namespace devcoll::app {

QString syncStatusText(const SyncStatus& status);

}  // namespace devcoll::app
