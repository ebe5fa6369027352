#pragma once
// SearchStore: search's own index on its database, kept from USER_* and POST_* events (each
// applied only when newer than what the index holds), and the searches over it. Visibility is
// decided here for every search: public posts, the caller's own, and followers-only posts of
// people the caller follows.
//
// Rebuilding in place (devcoll-server reindex) keeps the index answering throughout: every
// entry carries the generation of the index that last wrote it. A rebuild raises the
// generation, then refreshes every user, follow and post from their owners' pages (each
// written again even at the same version, so its terms are made anew); events go on being
// applied meanwhile and are marked with the new generation too. What is deleted during the
// rebuild leaves a tombstone, so that a page read before the deletion does not bring it back.
// At the end, whatever still has an older generation (its owner no longer has it) or a
// tombstone is removed.
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "devcoll/events/v1/events.pb.h"
#include "devcoll/result.h"
#include "devcoll/search/v1/search.pb.h"
#include "devcoll/search_text.h"
#include "platform/storage/database.h"

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

// How an entry is written: by an event (only when newer than the entry), or by a rebuild
// (also at the same version).
enum class Write { IfNewer, Refresh };

class SearchStore final {
public:
    explicit SearchStore(storage::Database& db) : m_db(db) {}

    // Event handlers, inside the consumer's transaction.
    Status indexUser(storage::Tx& tx, const events::v1::UserProfile& profile, Write write = Write::IfNewer);
    Status removeUser(storage::Tx& tx, const std::string& userId);
    Status indexPost(storage::Tx& tx, const events::v1::PostChanged& post, Write write = Write::IfNewer);
    Status removePost(storage::Tx& tx, const std::string& postId);
    Status applyFollow(storage::Tx& tx, const events::v1::FollowChanged& change, bool followed);

    // A rebuild's steps: begin (returns the new generation), refresh pages of what the owners
    // have (each page one transaction), finish (removes what is stale, returns how many
    // entries went). Beginning again after an interrupted rebuild starts over.
    Result<std::int64_t> beginRebuild();
    Status refreshUsers(const std::vector<events::v1::UserProfile>& users);
    Status refreshFollows(const std::vector<events::v1::FollowChanged>& follows);
    Status refreshPosts(const std::vector<events::v1::PostChanged>& posts);
    Result<std::int64_t> finishRebuild(std::int64_t generation);

    // `exactUsername`: a username to rank first (the query itself, lower-cased).
    Result<std::vector<v1::UserHit>> users(const SearchQuery& query, const std::string& exactUsername, int limit,
                                           int offset);
    Result<std::vector<PostMatch>> posts(const SearchQuery& query, const std::string& viewerId, PostFilter filter,
                                         int limit, int offset);

private:
    // What was deleted since the rebuild began, as "kind id other_id" keys.
    static Result<std::set<std::string>> tombstones(storage::Tx& tx);

    storage::Database& m_db;
};

}  // namespace devcoll::search
