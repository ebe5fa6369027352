#include "notification/notification_store.h"

#include <map>

#include "devcoll/ids.h"
#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::notification {
namespace {

using events::v1::EventType;
using storage::Row;
using storage::Rows;
using storage::Tx;

// How many of a group's people a notification names ("alice, bob and 11 others").
constexpr std::int64_t kNamedActors = 3;
// How much of a post or comment a notification shows.
constexpr std::size_t kExcerptCodePoints = 140;

bool isKind(int kind) { return kind > v1::NOTIFICATION_KIND_UNSPECIFIED && v1::NotificationKind_IsValid(kind); }

}  // namespace

std::string notificationExcerpt(std::string_view text) { return excerptOf(text, kExcerptCodePoints); }

Result<NotificationStore::Counters> NotificationStore::bump(Tx& tx, const std::string& userId, bool newSequence) {
    DEVCOLL_TRY(auto rows, tx.run("bump_inbox", {userId, std::int64_t{newSequence ? 1 : 0}}));
    return Counters{rows[0].integer(0), rows[0].integer(1), rows[0].integer(2)};
}

Result<v1::Notification> NotificationStore::load(Tx& tx, const Row& row) {
    v1::Notification n;
    n.set_id(row.text(0));
    n.set_kind(static_cast<v1::NotificationKind>(row.integer(2)));
    n.set_post_id(row.text(3));
    n.set_sequence(row.integer(4));
    *n.mutable_create_time() = toTimestamp(row.integer(5));
    *n.mutable_update_time() = toTimestamp(row.integer(6));
    DEVCOLL_TRY(auto actors, tx.run("newest_actors", {n.id(), kNamedActors}));
    for (const Row& a : actors) {
        v1::Actor* actor = n.add_actors();
        actor->set_user_id(a.text(0));
        actor->set_username(a.text(2));
        actor->set_display_name(a.text(3));
        n.set_actor_count(static_cast<std::int32_t>(a.integer(4)));
    }
    DEVCOLL_TRY(auto newest, tx.run("newest_activity", {n.id()}));
    if (!newest.empty()) {
        // A comment, reply or mention made in a comment opens at that comment.
        if (n.kind() != v1::NOTIFICATION_KIND_LIKE && newest[0].text(0) != n.post_id()) {
            n.set_comment_id(newest[0].text(0));
        }
        n.set_excerpt(newest[0].text(1));
    }
    return n;
}

Result<v1::Delivery> NotificationStore::deliveryOf(Tx& tx, const std::string& userId, v1::NotificationKind kind) {
    DEVCOLL_TRY(auto rows, tx.run("delivery_of", {userId, std::int64_t{kind}}));
    if (rows.empty() || rows[0].integer(0) == v1::DELIVERY_UNSPECIFIED) return v1::DELIVERY_IN_APP_AND_DESKTOP;
    return static_cast<v1::Delivery>(rows[0].integer(0));
}

Result<v1::NotificationState> NotificationStore::stateOf(Tx& tx, const std::string& userId, const Counters& c) {
    v1::NotificationState state;
    state.set_read_up_to(c.readUpTo);
    state.set_latest_sequence(c.latestSequence);
    DEVCOLL_TRY(auto unread, tx.run("unread_count", {userId, c.readUpTo}));
    state.set_unread_count(static_cast<std::int32_t>(unread[0].integer(0)));
    std::map<int, v1::Delivery> chosen;
    DEVCOLL_TRY(auto rows, tx.run("preferences_of", {userId}));
    for (const Row& r : rows) chosen[static_cast<int>(r.integer(0))] = static_cast<v1::Delivery>(r.integer(1));
    for (int kind = v1::NotificationKind_MIN + 1; kind <= v1::NotificationKind_MAX; ++kind) {
        if (!isKind(kind)) continue;
        v1::Preference* p = state.add_preferences();
        p->set_kind(static_cast<v1::NotificationKind>(kind));
        const auto it = chosen.find(kind);
        p->set_delivery(it == chosen.end() ? v1::DELIVERY_IN_APP_AND_DESKTOP : it->second);
    }
    return state;
}

Result<v1::NotificationState> NotificationStore::publish(Tx& tx, const std::string& userId, const Counters& counters,
                                                         const std::vector<std::string>& upserted,
                                                         const std::vector<std::string>& deleted,
                                                         const std::string& requestId) {
    auto event =
        events::newEnvelope(EventType::EVENT_TYPE_NOTIFICATIONS_CHANGED, userId, counters.revision, "notification");
    event.set_request_id(requestId);
    auto* payload = event.mutable_notifications_changed();
    payload->set_recipient_id(userId);
    for (const auto& id : upserted) {
        DEVCOLL_TRY(auto rows, tx.run("notification_by_id", {id}));
        if (rows.empty()) continue;
        DEVCOLL_TRY(*payload->add_upserted(), load(tx, rows[0]));
    }
    for (const auto& id : deleted) payload->add_deleted_ids(id);
    DEVCOLL_TRY(*payload->mutable_state(), stateOf(tx, userId, counters));
    DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
    return payload->state();
}

Result<bool> NotificationStore::notify(Tx& tx, const Activity& a) {
    if (a.recipientId.empty() || a.recipientId == a.actorId) return false;
    if (m_suspensions.active(a.actorId, nowMicros())) return false;
    DEVCOLL_TRY(auto gone, tx.run("is_deleted", {a.recipientId}));
    if (!gone.empty()) return false;
    DEVCOLL_TRY(const v1::Delivery delivery, deliveryOf(tx, a.recipientId, a.kind));
    if (delivery == v1::DELIVERY_OFF) return false;
    DEVCOLL_TRY(auto fresh, tx.run("mark_notified", {a.recipientId, std::int64_t{a.kind}, a.subjectId, a.actorId}));
    if (fresh.empty()) return true;  // told before (a like given again, a comment shown again)

    // The new activity takes the next sequence: its group moves to the top of the list.
    DEVCOLL_TRY(const Counters counters, bump(tx, a.recipientId, true));
    const std::int64_t sequence = counters.latestSequence;
    const std::int64_t readUpTo = counters.readUpTo;
    std::string id;
    if (a.kind != v1::NOTIFICATION_KIND_MENTION) {
        DEVCOLL_TRY(auto open, tx.run("open_group", {a.recipientId, std::int64_t{a.kind}, a.groupKey}));
        // A group is joined while unread; once read, new activity starts a new one.
        if (!open.empty() && open[0].integer(1) > readUpTo) {
            id = open[0].text(0);
            DEVCOLL_CHECK(tx.run("raise_notification", {id, sequence, a.at}));
        }
    }
    if (id.empty()) {
        id = newUuidV7();
        DEVCOLL_CHECK(tx.run("insert_notification",
                             {id, a.recipientId, std::int64_t{a.kind}, a.groupKey, a.postId, sequence, a.at}));
    }
    DEVCOLL_CHECK(tx.run("insert_actor", {id, a.actorId, a.sourceId, a.excerpt, a.at}));
    DEVCOLL_CHECK(publish(tx, a.recipientId, counters, {id}, {}));
    return true;
}

Status NotificationStore::settle(Tx& tx, const Rows& rows) {
    std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> byRecipient;
    for (const Row& r : rows) {
        const std::string id = r.text(0);
        auto& [upserted, deleted] = byRecipient[r.text(1)];
        DEVCOLL_TRY(auto left, tx.run("has_actors", {id}));
        if (left.empty()) {
            DEVCOLL_CHECK(tx.run("delete_notification", {id}));
            deleted.push_back(id);
        } else {
            upserted.push_back(id);
        }
    }
    for (const auto& [recipient, changes] : byRecipient) {
        DEVCOLL_TRY(const Counters counters, bump(tx, recipient, false));
        DEVCOLL_CHECK(publish(tx, recipient, counters, changes.first, changes.second));
    }
    return {};
}

Status NotificationStore::withdrawSource(Tx& tx, const std::string& sourceId) {
    if (sourceId.empty()) return {};
    DEVCOLL_TRY(auto touched, tx.run("notifications_from_source", {sourceId}));
    if (touched.empty()) return {};
    DEVCOLL_CHECK(tx.run("delete_actors_from_source", {sourceId}));
    return settle(tx, touched);
}

Status NotificationStore::withdrawPost(Tx& tx, const std::string& postId) {
    DEVCOLL_TRY(auto about, tx.run("notifications_about_post", {postId}));
    for (const Row& r : about) DEVCOLL_CHECK(tx.run("delete_actors_of_notification", {r.text(0)}));
    return settle(tx, about);
}

Status NotificationStore::withdrawMentions(Tx& tx, const std::string& postId) {
    DEVCOLL_TRY(auto mentions, tx.run("mentions_in_post", {postId}));
    for (const Row& r : mentions) DEVCOLL_CHECK(tx.run("delete_actors_of_notification", {r.text(0)}));
    return settle(tx, mentions);
}

Status NotificationStore::forgetUser(Tx& tx, const std::string& userId) {
    // Their own list goes without events: the sync service drops their whole stream.
    DEVCOLL_CHECK(tx.run("mark_deleted", {userId}));
    DEVCOLL_CHECK(tx.run("delete_actors_of_recipient", {userId}));
    DEVCOLL_CHECK(tx.run("delete_notifications_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_notified_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_preferences_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_inbox", {userId}));
    DEVCOLL_TRY(auto touched, tx.run("notifications_with_actor", {userId}));
    DEVCOLL_CHECK(tx.run("delete_actors_of", {userId}));
    DEVCOLL_CHECK(settle(tx, touched));
    DEVCOLL_CHECK(tx.run("delete_follows_of", {userId}));
    DEVCOLL_CHECK(tx.run("delete_profile", {userId}));
    return {};
}

Status NotificationStore::saveProfile(Tx& tx, const events::v1::UserProfile& p) {
    DEVCOLL_CHECK(tx.run("upsert_profile", {p.user_id(), p.username(), asciiLower(p.username()), p.display_name()}));
    return {};
}

Status NotificationStore::saveFollow(Tx& tx, const events::v1::FollowChanged& f, bool followed) {
    DEVCOLL_CHECK(tx.run(followed ? "insert_follow" : "delete_follow", {f.follower_id(), f.followee_id()}));
    return {};
}

Status NotificationStore::savePost(Tx& tx, const events::v1::PostChanged& p, const std::string& excerpt) {
    DEVCOLL_CHECK(tx.run("upsert_post", {p.post_id(), p.author_id(), std::int64_t{p.visibility()},
                                         std::int64_t{p.hidden() ? 1 : 0}, excerpt}));
    return {};
}

Status NotificationStore::forgetPost(Tx& tx, const std::string& postId) {
    DEVCOLL_CHECK(tx.run("delete_comments_of_post", {postId}));
    DEVCOLL_CHECK(tx.run("delete_post", {postId}));
    return {};
}

Status NotificationStore::saveComment(Tx& tx, const events::v1::CommentChanged& c) {
    DEVCOLL_CHECK(tx.run("insert_comment", {c.comment_id(), c.post_id(), c.author_id()}));
    return {};
}

Status NotificationStore::forgetComment(Tx& tx, const std::string& commentId) {
    DEVCOLL_CHECK(tx.run("delete_comment", {commentId}));
    return {};
}

Result<std::optional<KnownPost>> NotificationStore::post(Tx& tx, const std::string& postId) {
    DEVCOLL_TRY(auto rows, tx.run("post_by_id", {postId}));
    if (rows.empty()) return std::optional<KnownPost>{};
    return std::optional(
        KnownPost{rows[0].text(0), static_cast<int>(rows[0].integer(1)), rows[0].boolean(2), rows[0].text(3)});
}

Result<std::optional<std::string>> NotificationStore::commentAuthor(Tx& tx, const std::string& commentId) {
    DEVCOLL_TRY(auto rows, tx.run("comment_author", {commentId}));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional(rows[0].text(0));
}

Result<std::optional<std::string>> NotificationStore::userNamed(Tx& tx, const std::string& usernameLower) {
    DEVCOLL_TRY(auto rows, tx.run("user_named", {usernameLower}));
    if (rows.empty()) return std::optional<std::string>{};
    return std::optional(rows[0].text(0));
}

Result<bool> NotificationStore::follows(Tx& tx, const std::string& followerId, const std::string& followeeId) {
    DEVCOLL_TRY(auto rows, tx.run("follows", {followerId, followeeId}));
    return !rows.empty();
}

Result<std::vector<v1::Notification>> NotificationStore::page(const std::string& userId,
                                                              std::optional<std::int64_t> beforeSequence,
                                                              bool unreadOnly, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::Notification>> {
        DEVCOLL_TRY(auto inbox, tx.run("inbox_of", {userId}));
        const std::int64_t readUpTo = inbox.empty() ? 0 : inbox[0].integer(1);
        DEVCOLL_TRY(auto rows,
                    tx.run("notifications_page", {userId, beforeSequence.value_or(INT64_MAX),
                                                  std::int64_t{unreadOnly ? 1 : 0}, readUpTo, std::int64_t{limit}}));
        std::vector<v1::Notification> out;
        out.reserve(rows.size());
        for (const Row& r : rows) {
            DEVCOLL_TRY(auto n, load(tx, r));
            out.push_back(std::move(n));
        }
        return out;
    });
}

Result<v1::NotificationState> NotificationStore::state(const std::string& userId) {
    return m_db.read([&](Tx& tx) -> Result<v1::NotificationState> {
        DEVCOLL_TRY(auto inbox, tx.run("inbox_of", {userId}));
        Counters counters;
        if (!inbox.empty()) counters = {inbox[0].integer(0), inbox[0].integer(1), inbox[0].integer(2)};
        return stateOf(tx, userId, counters);
    });
}

Result<v1::NotificationState> NotificationStore::markRead(const std::string& userId, std::int64_t upTo,
                                                          const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<v1::NotificationState> {
        DEVCOLL_TRY(auto moved, tx.run("mark_read", {userId, upTo}));
        if (!moved.empty()) {
            const Counters counters{moved[0].integer(0), moved[0].integer(1), moved[0].integer(2)};
            return publish(tx, userId, counters, {}, {}, requestId);
        }
        // Already read that far (or nothing to read): nothing changes, nothing is published.
        DEVCOLL_TRY(auto inbox, tx.run("inbox_of", {userId}));
        Counters counters;
        if (!inbox.empty()) counters = {inbox[0].integer(0), inbox[0].integer(1), inbox[0].integer(2)};
        return stateOf(tx, userId, counters);
    });
}

Result<v1::NotificationState> NotificationStore::setPreferences(const std::string& userId,
                                                                const std::vector<v1::Preference>& changes,
                                                                const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<v1::NotificationState> {
        for (const auto& p : changes) {
            DEVCOLL_CHECK(tx.run("set_preference", {userId, std::int64_t{p.kind()}, std::int64_t{p.delivery()}}));
        }
        // The other devices learn of it through the state in their streams.
        DEVCOLL_TRY(const Counters counters, bump(tx, userId, false));
        return publish(tx, userId, counters, {}, {}, requestId);
    });
}

Result<bool> NotificationStore::backfilled() {
    return m_db.read([](Tx& tx) -> Result<bool> {
        DEVCOLL_TRY(auto rows, tx.run("backfilled"));
        return !rows.empty();
    });
}

Status NotificationStore::saveProfiles(const std::vector<events::v1::UserProfile>& page) {
    return m_db.transact([&](Tx& tx) -> Status {
        for (const auto& p : page) DEVCOLL_CHECK(saveProfile(tx, p));
        return {};
    });
}

Status NotificationStore::saveFollows(const std::vector<events::v1::FollowChanged>& page) {
    return m_db.transact([&](Tx& tx) -> Status {
        for (const auto& f : page) DEVCOLL_CHECK(saveFollow(tx, f, true));
        return {};
    });
}

Status NotificationStore::savePosts(const std::vector<events::v1::PostChanged>& page) {
    return m_db.transact([&](Tx& tx) -> Status {
        for (const auto& p : page) DEVCOLL_CHECK(savePost(tx, p, notificationExcerpt(p.body())));
        return {};
    });
}

Status NotificationStore::markBackfilled() {
    return m_db.transact([](Tx& tx) -> Status {
        DEVCOLL_CHECK(tx.run("mark_backfilled", {nowMicros()}));
        return {};
    });
}

}  // namespace devcoll::notification
