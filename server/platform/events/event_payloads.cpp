#include "platform/events/event_payloads.h"

namespace devcoll::events {

v1::UserProfile profilePayload(const user::v1::UserProfile& u) {
    v1::UserProfile p;
    p.set_user_id(u.id());
    p.set_username(u.username());
    p.set_display_name(u.display_name());
    p.set_bio(u.bio());
    p.set_avatar_media_id(u.avatar_media_id());
    *p.mutable_created_at() = u.created_at();
    p.set_version(u.version());
    return p;
}

v1::FollowChanged followPayload(const user::v1::FollowEdge& f) {
    v1::FollowChanged c;
    c.set_follower_id(f.follower_id());
    c.set_followee_id(f.followee_id());
    *c.mutable_at() = f.created_at();
    return c;
}

v1::PostChanged postPayload(const post::v1::Post& p) {
    v1::PostChanged c;
    c.set_post_id(p.id());
    c.set_author_id(p.author_id());
    c.set_body(p.body());
    for (const auto& id : p.media_ids()) c.add_media_ids(id);
    c.set_visibility(p.visibility());
    *c.mutable_created_at() = p.created_at();
    *c.mutable_updated_at() = p.updated_at();
    c.set_version(p.version());
    c.set_hidden(p.hidden());
    return c;
}

}  // namespace devcoll::events
