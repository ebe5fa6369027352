#pragma once
// The events the post service consumes: USER_FOLLOWED / USER_UNFOLLOWED keep its copy of the
// follow graph (it never reads the user service's tables); USER_DELETED removes the user's
// posts, comments and likes.
#include "platform/events/event_consumer.h"
#include "post/comment_store.h"
#include "post/post_store.h"

namespace devcoll::post {

void registerPostEventHandlers(events::EventConsumer& consumer, PostStore& store, CommentStore& comments);

}  // namespace devcoll::post
