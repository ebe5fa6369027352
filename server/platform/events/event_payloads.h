#pragma once
// The services' resources as the event payloads that carry them. A service that rebuilds its
// copies from the owners' operator-only ListAll* calls (search's reindex, notification's
// backfill) hands what it reads to the same code its event handlers use.
#include "devcoll/events/v1/events.pb.h"
#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"

namespace devcoll::events {

v1::UserProfile profilePayload(const user::v1::UserProfile& u);
v1::FollowChanged followPayload(const user::v1::FollowEdge& f);
v1::PostChanged postPayload(const post::v1::Post& p);

}  // namespace devcoll::events
