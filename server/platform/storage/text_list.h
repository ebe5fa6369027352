#pragma once
// Lists kept in one text column, comma-separated (a post's media ids, an account's roles): the
// one way the services write them and read them back. Items never hold a comma (UUIDs, role
// names); empty items are dropped.
#include <string>
#include <vector>

namespace devcoll::storage {

std::string joinList(const std::vector<std::string>& items);
std::vector<std::string> splitList(const std::string& text);

}  // namespace devcoll::storage
