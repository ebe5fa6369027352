#include "user/user_store.h"

#include "devcoll/validation.h"
#include "platform/clock.h"
#include "platform/events/outbox.h"

namespace devcoll::user {
namespace {

using events::v1::EventType;
using storage::Row;
using storage::Tx;

Profile profileFrom(const Row& r, const std::string& viewerId) {
    Profile p;
    p.set_id(r.text(0));
    p.set_username(r.text(1));
    p.set_display_name(r.text(2));
    p.set_bio(r.text(3));
    p.set_avatar_media_id(r.text(4));
    *p.mutable_created_at() = toTimestamp(r.integer(5));
    p.set_version(r.integer(6));
    p.set_followers_count(r.integer(7));
    p.set_following_count(r.integer(8));
    if (p.id() == viewerId) p.set_email(r.text(9));  // e-mail is private to its owner
    p.set_followed_by_me(r.boolean(10));
    return p;
}

void fillProfileEvent(events::v1::UserProfile* out, const Profile& p) {
    out->set_user_id(p.id());
    out->set_username(p.username());
    out->set_display_name(p.display_name());
    out->set_bio(p.bio());
    out->set_avatar_media_id(p.avatar_media_id());
    *out->mutable_created_at() = p.created_at();
    out->set_version(p.version());
}

}  // namespace

Result<std::optional<Profile>> UserStore::read(Tx& tx, const std::string& id, const std::string& viewerId) {
    DEVCOLL_TRY(auto rows, tx.run("profile_by_id", {id, viewerId}));
    if (rows.empty()) return std::optional<Profile>{};
    return std::optional<Profile>(profileFrom(rows[0], viewerId));
}

Result<std::optional<Profile>> UserStore::byId(const std::string& id, const std::string& viewerId) {
    return m_db.read([&](Tx& tx) { return read(tx, id, viewerId); });
}

Result<std::optional<Profile>> UserStore::byUsername(const std::string& username, const std::string& viewerId) {
    return m_db.read([&](Tx& tx) -> Result<std::optional<Profile>> {
        DEVCOLL_TRY(auto rows, tx.run("profile_by_username", {asciiLower(username), viewerId}));
        if (rows.empty()) return std::optional<Profile>{};
        return std::optional<Profile>(profileFrom(rows[0], viewerId));
    });
}

Result<Profile> UserStore::update(const std::string& id, std::int64_t expectedVersion, const ProfileChange& change,
                                  const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Profile> {
        DEVCOLL_TRY(auto current, read(tx, id, id));
        if (!current) return makeError(ErrorCode::NotFound, "profile not found");
        if (current->version() != expectedVersion) {
            const std::string v = std::to_string(current->version());
            return makeError(ErrorCode::FailedPrecondition,
                             "expected_version: the profile changed meanwhile; its current version is " + v)
                .withDetail("current-version", v);
        }
        DEVCOLL_TRY(auto updated,
                    tx.run("update_profile", {id, expectedVersion, change.displayName.value_or(current->display_name()),
                                              change.bio.value_or(current->bio()),
                                              change.avatarMediaId.value_or(current->avatar_media_id()), nowMicros()}));
        if (updated.affected == 0) {
            // Someone else's update won between the read and the write: report theirs.
            DEVCOLL_TRY(auto now, tx.run("profile_exists", {id}));
            const std::string v = now.empty() ? "unknown" : now[0].text(0);
            return makeError(ErrorCode::FailedPrecondition,
                             "expected_version: the profile changed meanwhile; its current version is " + v)
                .withDetail("current-version", v);
        }
        DEVCOLL_TRY(auto after, read(tx, id, id));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_UPDATED, id, after->version(), "user");
        event.set_request_id(requestId);
        fillProfileEvent(event.mutable_user_updated(), *after);
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return *after;
    });
}

Result<Profile> UserStore::follow(const std::string& followerId, const std::string& followeeId,
                                  const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Profile> {
        DEVCOLL_CHECK(tx.run("lock_profiles", {followerId, followeeId}));
        DEVCOLL_TRY(auto me, tx.run("profile_exists", {followerId}));
        if (me.empty()) {
            return makeError(ErrorCode::FailedPrecondition,
                             "your profile does not exist (deleted, or being created: retry in a moment)");
        }
        DEVCOLL_TRY(auto target, tx.run("profile_exists", {followeeId}));
        if (target.empty()) return makeError(ErrorCode::NotFound, "user_id: no such user");
        const std::int64_t now = nowMicros();
        DEVCOLL_TRY(auto inserted, tx.run("insert_follow", {followerId, followeeId, now}));
        if (inserted.affected > 0) {
            DEVCOLL_CHECK(tx.run("add_to_following_count", {followerId, std::int64_t{1}}));
            DEVCOLL_CHECK(tx.run("add_to_followers_count", {followeeId, std::int64_t{1}}));
            auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_FOLLOWED, followeeId, 0, "user");
            event.set_request_id(requestId);
            event.mutable_user_followed()->set_follower_id(followerId);
            event.mutable_user_followed()->set_followee_id(followeeId);
            *event.mutable_user_followed()->mutable_at() = toTimestamp(now);
            DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        }
        DEVCOLL_TRY(auto after, read(tx, followeeId, followerId));
        return *after;
    });
}

Result<Profile> UserStore::unfollow(const std::string& followerId, const std::string& followeeId,
                                    const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Result<Profile> {
        DEVCOLL_CHECK(tx.run("lock_profiles", {followerId, followeeId}));
        DEVCOLL_TRY(auto target, read(tx, followeeId, followerId));
        if (!target) return makeError(ErrorCode::NotFound, "user_id: no such user");
        DEVCOLL_TRY(auto removed, tx.run("delete_follow", {followerId, followeeId}));
        if (removed.affected == 0) return *target;
        DEVCOLL_CHECK(tx.run("add_to_following_count", {followerId, std::int64_t{-1}}));
        DEVCOLL_CHECK(tx.run("add_to_followers_count", {followeeId, std::int64_t{-1}}));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_UNFOLLOWED, followeeId, 0, "user");
        event.set_request_id(requestId);
        event.mutable_user_unfollowed()->set_follower_id(followerId);
        event.mutable_user_unfollowed()->set_followee_id(followeeId);
        *event.mutable_user_unfollowed()->mutable_at() = toTimestamp(nowMicros());
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        DEVCOLL_TRY(auto after, read(tx, followeeId, followerId));
        return *after;
    });
}

Result<FollowPage> UserStore::page(FollowList list, const std::string& userId, const std::string& viewerId,
                                   const std::optional<FollowCursor>& after, int pageSize) {
    return m_db.read([&](Tx& tx) -> Result<FollowPage> {
        DEVCOLL_TRY(auto exists, tx.run("profile_exists", {userId}));
        if (exists.empty()) return makeError(ErrorCode::NotFound, "user_id: no such user");
        const FollowCursor from = after.value_or(FollowCursor{INT64_MAX, ""});
        // One more than asked tells whether another page exists.
        DEVCOLL_TRY(auto rows, tx.run(list == FollowList::Followers ? "followers_page" : "following_page",
                                      {userId, viewerId, from.createdAt, from.userId, std::int64_t{pageSize + 1}}));
        FollowPage page;
        for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(pageSize); ++i) {
            page.users.push_back(profileFrom(rows[i], viewerId));
        }
        if (rows.size() > static_cast<std::size_t>(pageSize)) {
            const Row& last = rows[static_cast<std::size_t>(pageSize) - 1];
            page.next = FollowCursor{last.integer(11), last.text(0)};
        }
        return page;
    });
}

Result<std::vector<Profile>> UserStore::allProfiles(const std::string& afterId, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<Profile>> {
        DEVCOLL_TRY(auto rows, tx.run("all_profiles_page", {afterId, std::int64_t{limit}}));
        std::vector<Profile> profiles;
        profiles.reserve(rows.size());
        for (const Row& r : rows) profiles.push_back(profileFrom(r, ""));
        return profiles;
    });
}

Result<std::vector<v1::FollowEdge>> UserStore::allFollows(const std::string& afterFollower,
                                                          const std::string& afterFollowee, int limit) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::FollowEdge>> {
        DEVCOLL_TRY(auto rows, tx.run("all_follows_page", {afterFollower, afterFollowee, std::int64_t{limit}}));
        std::vector<v1::FollowEdge> edges(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            edges[i].set_follower_id(rows[i].text(0));
            edges[i].set_followee_id(rows[i].text(1));
            *edges[i].mutable_created_at() = toTimestamp(rows[i].integer(2));
        }
        return edges;
    });
}

Result<std::int64_t> UserStore::profileCount() {
    return m_db.read([](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_TRY(auto rows, tx.run("count_profiles", {}));
        return rows[0].integer(0);
    });
}

Result<std::int64_t> UserStore::followCount() {
    return m_db.read([](Tx& tx) -> Result<std::int64_t> {
        DEVCOLL_TRY(auto rows, tx.run("count_follows", {}));
        return rows[0].integer(0);
    });
}

Status UserStore::remove(const std::string& id, const std::string& requestId) {
    return m_db.transact([&](Tx& tx) -> Status {
        // Locking the profile makes follows and unfollows of it finish first, or see it gone.
        DEVCOLL_CHECK(tx.run("lock_profiles", {id, id}));
        DEVCOLL_TRY(auto current, read(tx, id, id));
        if (!current) return makeError(ErrorCode::NotFound, "account not found");
        DEVCOLL_CHECK(tx.run("uncount_followees_of", {id}));
        DEVCOLL_CHECK(tx.run("uncount_followers_of", {id}));
        DEVCOLL_CHECK(tx.run("delete_profile", {id}));
        auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_DELETED, id, current->version() + 1, "user");
        event.set_request_id(requestId);
        event.mutable_user_deleted()->set_user_id(id);
        event.mutable_user_deleted()->set_username(current->username());
        DEVCOLL_CHECK(events::appendToOutbox(tx, event, &m_relay));
        return {};
    });
}

Status UserStore::createFromRegistration(Tx& tx, const events::v1::UserRegistered& r, const std::string& requestId) {
    DEVCOLL_TRY(auto inserted, tx.run("insert_profile", {r.user_id(), r.username(), asciiLower(r.username()), r.email(),
                                                         r.display_name(), fromTimestamp(r.created_at())}));
    if (inserted.affected == 0) return {};  // already there
    DEVCOLL_TRY(auto created, read(tx, r.user_id(), r.user_id()));
    auto event = events::newEnvelope(EventType::EVENT_TYPE_USER_CREATED, r.user_id(), 1, "user");
    event.set_request_id(requestId);
    fillProfileEvent(event.mutable_user_created(), *created);
    return events::appendToOutbox(tx, event, &m_relay);
}

}  // namespace devcoll::user
