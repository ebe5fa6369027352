#pragma once
// Which service consumes which events: the routing every deployment shares. Through RabbitMQ
// each process declares every service's queue and bindings from this table when it connects,
// so an event published before its consumer's first start waits in that consumer's queue
// instead of being dropped as unroutable. DevcollServer checks at start-up that the table
// matches the handlers each service registers.
#include <map>
#include <set>
#include <string>

namespace devcoll::events {

const std::map<std::string, std::set<int>>& consumedEvents();

}  // namespace devcoll::events
