#pragma once
// What the windows say when something fails: an Error (from the server or the replica) in words
// a person understands, translated, with the server's own words where they help (which field
// of a form is wrong, and why).
#include <QString>

#include "devcoll/result.h"
#include "server_address.h"

namespace devcoll::app {

QString errorText(const Error& error, const ServerAddress& server);

}  // namespace devcoll::app
