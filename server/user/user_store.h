#pragma once
// UserStore: profiles and the follow graph on the user service's database, and the events
// their changes publish, in the same transactions.
#include <optional>
#include <string>
#include <vector>

#include "devcoll/result.h"
#include "devcoll/user/v1/user.pb.h"
#include "platform/events/outbox_relay.h"
#include "platform/storage/database.h"

namespace devcoll::user {

using Profile = devcoll::user::v1::UserProfile;

// Which profile fields an update sets (from the request's field mask).
struct ProfileChange final {
    std::optional<std::string> displayName;
    std::optional<std::string> bio;
    std::optional<std::string> avatarMediaId;
};

// A position in a follow list: the follow's time and the other user's id.
struct FollowCursor final {
    std::int64_t createdAt = 0;
    std::string userId;
};

struct FollowPage final {
    std::vector<Profile> users;
    std::optional<FollowCursor> next;  // set when more may follow
};

class UserStore final {
public:
    UserStore(storage::Database& db, events::OutboxRelay& relay) : m_db(db), m_relay(relay) {}

    // Reads a profile as `viewerId` sees it (email only for its owner).
    Result<std::optional<Profile>> byId(const std::string& id, const std::string& viewerId);
    Result<std::optional<Profile>> byUsername(const std::string& username, const std::string& viewerId);

    // Applies `change` if the profile is at `expectedVersion`; FailedPrecondition otherwise,
    // naming the current version. Publishes USER_UPDATED.
    Result<Profile> update(const std::string& id, std::int64_t expectedVersion, const ProfileChange& change,
                           const std::string& requestId);

    // Idempotent; publish USER_FOLLOWED / USER_UNFOLLOWED when something changed.
    Result<Profile> follow(const std::string& followerId, const std::string& followeeId, const std::string& requestId);
    Result<Profile> unfollow(const std::string& followerId, const std::string& followeeId,
                             const std::string& requestId);

    enum class FollowList { Followers, Following };
    Result<FollowPage> page(FollowList list, const std::string& userId, const std::string& viewerId,
                            const std::optional<FollowCursor>& after, int pageSize);

    // Removes a profile and its follows, correcting the counts of everyone it touched, and
    // publishes USER_DELETED.
    Status remove(const std::string& id, const std::string& requestId);

    // Operators' bulk listings, in key order: the `limit` profiles after `afterId` ("" from
    // the start), the `limit` follows after (afterFollower, afterFollowee), and how many there are.
    Result<std::vector<Profile>> allProfiles(const std::string& afterId, int limit);
    Result<std::vector<v1::FollowEdge>> allFollows(const std::string& afterFollower, const std::string& afterFollowee,
                                                   int limit);
    Result<std::int64_t> profileCount();
    Result<std::int64_t> followCount();

    // The USER_REGISTERED consumer: creates the profile (once) and publishes USER_CREATED.
    Status createFromRegistration(storage::Tx& tx, const events::v1::UserRegistered& registered,
                                  const std::string& requestId);

private:
    Result<std::optional<Profile>> read(storage::Tx& tx, const std::string& id, const std::string& viewerId);

    storage::Database& m_db;
    events::OutboxRelay& m_relay;
};

}  // namespace devcoll::user
