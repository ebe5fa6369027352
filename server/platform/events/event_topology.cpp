#include "platform/events/event_topology.h"

#include "devcoll/events/v1/events.pb.h"

namespace devcoll::events {

const std::map<std::string, std::set<int>>& consumedEvents() {
    using namespace devcoll::events::v1;
    static const std::map<std::string, std::set<int>> table{
        {"auth", {EVENT_TYPE_USER_DELETED}},
        {"user", {EVENT_TYPE_USER_REGISTERED}},
        {"post", {EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED, EVENT_TYPE_USER_UNFOLLOWED}},
        {"media",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_POST_CREATED,
          EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED}},
        {"search",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED,
          EVENT_TYPE_USER_UNFOLLOWED, EVENT_TYPE_POST_CREATED, EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED}},
        {"sync",
         {EVENT_TYPE_USER_CREATED, EVENT_TYPE_USER_UPDATED, EVENT_TYPE_USER_DELETED, EVENT_TYPE_USER_FOLLOWED,
          EVENT_TYPE_USER_UNFOLLOWED, EVENT_TYPE_POST_CREATED, EVENT_TYPE_POST_UPDATED, EVENT_TYPE_POST_DELETED,
          EVENT_TYPE_POST_LIKED, EVENT_TYPE_POST_UNLIKED, EVENT_TYPE_COMMENT_CREATED, EVENT_TYPE_COMMENT_DELETED,
          EVENT_TYPE_MEDIA_UPLOADED, EVENT_TYPE_MEDIA_DELETED}},
    };
    return table;
}

}  // namespace devcoll::events
