#pragma once
// The events the post service consumes: USER_FOLLOWED / USER_UNFOLLOWED keep its copy of the
// follow graph (it never reads the user service's tables); USER_DELETED removes the user's
// posts, comments and likes; POST_HIDDEN / POST_UNHIDDEN / POST_REMOVED carry out moderators'
// actions; USER_SUSPENDED / USER_UNSUSPENDED hide and show again a suspended account's posts.
#include "platform/events/event_consumer.h"
#include "platform/security/suspensions.h"
#include "post/comment_store.h"
#include "post/post_store.h"

namespace devcoll::post {

void registerPostEventHandlers(events::EventConsumer& consumer, PostStore& store, CommentStore& comments,
                               security::Suspensions& suspensions);

}  // namespace devcoll::post
