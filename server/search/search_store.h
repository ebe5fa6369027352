#pragma once
// SearchStore: search's own index on its database, kept from USER_* and POST_* events (each
// applied only when newer than what the index holds), and the searches over it. Visibility is
// decided here for every search: public posts, the caller's own, and followers-only posts of
// people the caller follows.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/result.h"
#include "devcoll/search/v1/search.pb.h"
#include "platform/storage/database.h"
#include "search/search_text.h"

namespace devcoll::search {

namespace v1 = devcoll::search::v1;

struct PostFilter final {
    std::string authorId;  // empty: anyone
    std::int64_t since = 0;
    std::int64_t until = std::numeric_limits<std::int64_t>::max();
    int hasMedia = -1;  // -1: either, 0: without, 1: with
};

// A post that matched, with its body for the snippet.
struct PostMatch final {
    v1::PostSummary post;
    v1::UserSummary author;
    std::string body;
    double score = 0;
};

class SearchStore final {
public:
    explicit SearchStore(storage::Database& db) : m_db(db) {}

    // Event handlers, inside the consumer's transaction.
    Status indexUser(storage::Tx& tx, const events::v1::UserProfile& profile);
    Status removeUser(storage::Tx& tx, const std::string& userId);
    Status indexPost(storage::Tx& tx, const events::v1::PostChanged& post);
    Status removePost(storage::Tx& tx, const std::string& postId);
    Status applyFollow(storage::Tx& tx, const events::v1::FollowChanged& change, bool followed);

    // `exactUsername`: a username to rank first (the query itself, lower-cased).
    Result<std::vector<v1::UserHit>> users(const SearchQuery& query, const std::string& exactUsername, int limit,
                                           int offset);
    Result<std::vector<PostMatch>> posts(const SearchQuery& query, const std::string& viewerId, PostFilter filter,
                                         int limit, int offset);

private:
    storage::Database& m_db;
};

}  // namespace devcoll::search
