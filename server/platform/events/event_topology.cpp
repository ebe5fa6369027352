#include "platform/events/event_topology.h"

#include "devcoll/events/v1/events.pb.h"

namespace devcoll::events {

const std::map<std::string, std::set<int>>& consumedEvents() {
    using namespace devcoll::events::v1;
    // Every service follows suspensions (it refuses a suspended account's tokens).
    constexpr auto S = EVENT_TYPE_USER_SUSPENDED;
    constexpr auto U = EVENT_TYPE_USER_UNSUSPENDED;
    static const std::map<std::string, std::set<int>> table{
        {"auth", {EVENT_TYPE_USER_DELETED, S, U}},
        {"user", {EVENT_TYPE_USER_REGISTERED, S, U}},
        {"post",
         {EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED, EVENT_TYPE_USER_UNFOLLOWED, EVENT_TYPE_POST_HIDDEN,
          EVENT_TYPE_POST_UNHIDDEN, EVENT_TYPE_POST_REMOVED, EVENT_TYPE_COMMENT_HIDDEN, EVENT_TYPE_COMMENT_UNHIDDEN,
          EVENT_TYPE_COMMENT_REMOVED, S, U}},
        {"media",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_POST_CREATED,
          EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED, S, U}},
        {"search",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED,
          EVENT_TYPE_USER_UNFOLLOWED, EVENT_TYPE_POST_CREATED, EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED, S, U}},
        {"sync",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED,
          EVENT_TYPE_USER_UNFOLLOWED, EVENT_TYPE_POST_CREATED, EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED,
          EVENT_TYPE_POST_LIKED, EVENT_TYPE_POST_UNLIKED, EVENT_TYPE_COMMENT_CREATED, EVENT_TYPE_COMMENT_DELETED,
          EVENT_TYPE_MEDIA_UPLOADED, EVENT_TYPE_MEDIA_DELETED, S, U}},
        {"moderation", {EVENT_TYPE_USER_ROLES_CHANGED, S, U}},
    };
    return table;
}

}  // namespace devcoll::events
