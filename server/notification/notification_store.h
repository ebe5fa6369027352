#pragma once
// NotificationStore: the notification service's database. It turns activities (someone
// followed, liked, commented, replied, mentioned) into grouped notifications, withdraws them
// when what made them is deleted, and keeps the copies of other services' facts the event
// handlers (notification_events.h) decide with. Every change to a user's notifications is
// published in the same transaction as NOTIFICATIONS_CHANGED, which the sync service puts into
// that user's stream.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/notification/v1/notification.pb.h"
#include "devcoll/result.h"
#include "platform/events/outbox_relay.h"
#include "platform/security/suspensions.h"
#include "platform/storage/database.h"

namespace devcoll::notification {

namespace v1 = devcoll::notification::v1;

// One thing someone did that may notify someone else.
struct Activity final {
    std::string recipientId;
    v1::NotificationKind kind = v1::NOTIFICATION_KIND_UNSPECIFIED;
    // What it is grouped by while unread: the post (likes, comments), the parent comment
    // (replies), the mentioning post or comment (mentions), nothing (follows).
    std::string groupKey;
    // What it is about, with the actor: it notifies once, ever (a like given again does not).
    std::string subjectId;
    std::string postId;
    std::string actorId;
    // The comment or post that made it, withdrawn with it ('' for follows and likes).
    std::string sourceId;
    std::string excerpt;
    std::int64_t at = 0;
};

// What a notification shows of a post or comment: its first words.
std::string notificationExcerpt(std::string_view text);

// A post as the notification service knows it: who may see a mention in it.
struct KnownPost final {
    std::string authorId;
    int visibility = 0;  // devcoll.post.v1.Visibility
    bool hidden = false;
    std::string excerpt;
};

class NotificationStore final {
public:
    NotificationStore(storage::Database& db, events::OutboxRelay& relay, const security::Suspensions& suspensions)
        : m_db(db), m_relay(relay), m_suspensions(suspensions) {}

    // Inside an event's transaction: notifies `a.recipientId` unless they are the actor, the
    // actor is suspended, the account is deleted, the kind is off for them, or it notified
    // before. True when the recipient has been told of this activity, now or before.
    Result<bool> notify(storage::Tx& tx, const Activity& a);
    // Takes back what `sourceId` (a deleted or hidden comment or post) contributed.
    Status withdrawSource(storage::Tx& tx, const std::string& sourceId);
    // Deletes every notification about a deleted post (its likes, comments, mentions).
    Status withdrawPost(storage::Tx& tx, const std::string& postId);
    // Deletes the mention notifications a post and its comments made (the post was hidden).
    Status withdrawMentions(storage::Tx& tx, const std::string& postId);
    // A deleted account: its own notifications go, and what it did leaves everyone else's.
    Status forgetUser(storage::Tx& tx, const std::string& userId);

    // The copies of other services' facts, kept from their events.
    Status saveProfile(storage::Tx& tx, const events::v1::UserProfile& profile);
    Status saveFollow(storage::Tx& tx, const events::v1::FollowChanged& follow, bool followed);
    Status savePost(storage::Tx& tx, const events::v1::PostChanged& post, const std::string& excerpt);
    Status forgetPost(storage::Tx& tx, const std::string& postId);
    Status saveComment(storage::Tx& tx, const events::v1::CommentChanged& comment);
    Status forgetComment(storage::Tx& tx, const std::string& commentId);
    Result<std::optional<KnownPost>> post(storage::Tx& tx, const std::string& postId);
    Result<std::optional<std::string>> commentAuthor(storage::Tx& tx, const std::string& commentId);
    Result<std::optional<std::string>> userNamed(storage::Tx& tx, const std::string& usernameLower);
    Result<bool> follows(storage::Tx& tx, const std::string& followerId, const std::string& followeeId);

    // The backfill of what existed before this service first ran (facts_backfill.h): whether it
    // is done, a page of each kind of fact in a transaction of its own, and its end.
    Result<bool> backfilled();
    Status saveProfiles(const std::vector<events::v1::UserProfile>& page);
    Status saveFollows(const std::vector<events::v1::FollowChanged>& page);
    Status savePosts(const std::vector<events::v1::PostChanged>& page);
    Status markBackfilled();

    // For the RPCs: a page of `userId`'s notifications below `beforeSequence` (newest first).
    Result<std::vector<v1::Notification>> page(const std::string& userId, std::optional<std::int64_t> beforeSequence,
                                               bool unreadOnly, int limit);
    Result<v1::NotificationState> state(const std::string& userId);
    Result<v1::NotificationState> markRead(const std::string& userId, std::int64_t upTo, const std::string& requestId);
    Result<v1::NotificationState> setPreferences(const std::string& userId, const std::vector<v1::Preference>& changes,
                                                 const std::string& requestId);

private:
    struct Counters final {
        std::int64_t latestSequence = 0;
        std::int64_t readUpTo = 0;
        std::int64_t revision = 0;
    };
    // A new revision of `userId`'s notifications, with a new sequence when `newSequence`.
    Result<Counters> bump(storage::Tx& tx, const std::string& userId, bool newSequence);
    Result<v1::Notification> load(storage::Tx& tx, const storage::Row& row);
    Result<v1::NotificationState> stateOf(storage::Tx& tx, const std::string& userId, const Counters& counters);
    Result<v1::Delivery> deliveryOf(storage::Tx& tx, const std::string& userId, v1::NotificationKind kind);
    // Publishes NOTIFICATIONS_CHANGED for `userId` at the revision `counters` took: `upserted`
    // as they are now, `deleted` gone. The state it published.
    Result<v1::NotificationState> publish(storage::Tx& tx, const std::string& userId, const Counters& counters,
                                          const std::vector<std::string>& upserted,
                                          const std::vector<std::string>& deleted, const std::string& requestId = {});
    // After actors left the notifications `rows` name (id, recipient): each one left empty is
    // deleted, the others republished.
    Status settle(storage::Tx& tx, const storage::Rows& rows);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
    const security::Suspensions& m_suspensions;
};

}  // namespace devcoll::notification
