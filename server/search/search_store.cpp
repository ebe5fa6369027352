#include "search/search_store.h"

#include <optional>
#include <set>
#include <sstream>

#include "platform/clock.h"

namespace devcoll::search {
namespace {

using storage::Engine;
using storage::Row;
using storage::Tx;

std::string joined(const google::protobuf::RepeatedPtrField<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return out;
}

PostMatch matchFrom(const Row& r) {
    PostMatch m;
    m.post.set_id(r.text(0));
    m.post.set_author_id(r.text(1));
    std::stringstream ids(r.text(2));
    std::string id;
    while (std::getline(ids, id, ',')) {
        if (!id.empty()) m.post.add_media_ids(id);
    }
    *m.post.mutable_created_at() = toTimestamp(r.integer(3));
    *m.post.mutable_updated_at() = toTimestamp(r.integer(4));
    m.post.set_version(r.integer(5));
    m.body = r.text(6);
    m.author.set_id(r.text(1));
    m.author.set_username(r.text(7));
    m.author.set_display_name(r.text(8));
    m.author.set_avatar_media_id(r.text(9));
    m.score = r.real(10);
    return m;
}

}  // namespace

Status SearchStore::indexUser(Tx& tx, const events::v1::UserProfile& p, Write write) {
    const std::string name = p.username() + " " + p.display_name();
    const std::int64_t sameVersionToo = write == Write::Refresh ? 1 : 0;
    if (tx.engine() == Engine::Postgres) {
        DEVCOLL_CHECK(tx.run("upsert_user",
                             {p.user_id(), p.username(), p.display_name(), p.bio(), p.avatar_media_id(), p.version(),
                              toTsVector(name, false, 'A'), toTsVector(p.bio(), false), sameVersionToo}));
        return {};
    }
    DEVCOLL_TRY(auto upserted, tx.run("upsert_user", {p.user_id(), p.username(), p.display_name(), p.bio(),
                                                      p.avatar_media_id(), p.version(), sameVersionToo}));
    if (upserted.affected == 0) return {};  // the index holds this version or a newer one
    DEVCOLL_TRY(auto rowid, tx.run("user_rowid", {p.user_id()}));
    DEVCOLL_CHECK(tx.run("delete_user_terms", {rowid[0].integer(0)}));
    DEVCOLL_CHECK(
        tx.run("insert_user_terms", {rowid[0].integer(0), indexTerms(name, false), indexTerms(p.bio(), false)}));
    return {};
}

Status SearchStore::removeUser(Tx& tx, const std::string& userId) {
    // The post service deletes the user's posts with events of their own; not waiting for
    // them keeps a deleted account's posts out of results at once.
    DEVCOLL_TRY(auto posts, tx.run("post_ids_by_author", {userId}));
    for (const Row& r : posts) DEVCOLL_CHECK(removePost(tx, r.text(0)));
    if (tx.engine() == Engine::Sqlite) {
        DEVCOLL_TRY(auto rowid, tx.run("user_rowid", {userId}));
        if (!rowid.empty()) DEVCOLL_CHECK(tx.run("delete_user_terms", {rowid[0].integer(0)}));
    }
    DEVCOLL_CHECK(tx.run("delete_user", {userId}));
    DEVCOLL_CHECK(tx.run("delete_follows_of", {userId}));
    DEVCOLL_CHECK(tx.run("add_tombstone", {"user", userId, ""}));
    return {};
}

Status SearchStore::indexPost(Tx& tx, const events::v1::PostChanged& p, Write write) {
    // A post a moderator hid is found by nobody, its author included.
    if (p.hidden()) return removePost(tx, p.post_id());
    const std::int64_t created = fromTimestamp(p.created_at());
    const std::int64_t updated = fromTimestamp(p.updated_at());
    const std::string media = joined(p.media_ids());
    const std::int64_t sameVersionToo = write == Write::Refresh ? 1 : 0;
    if (tx.engine() == Engine::Postgres) {
        DEVCOLL_CHECK(
            tx.run("upsert_post", {p.post_id(), p.author_id(), p.body(), media, std::int64_t{p.visibility()}, created,
                                   updated, p.version(), toTsVector(p.body(), true), sameVersionToo}));
        return {};
    }
    DEVCOLL_TRY(auto upserted,
                tx.run("upsert_post", {p.post_id(), p.author_id(), p.body(), media, std::int64_t{p.visibility()},
                                       created, updated, p.version(), sameVersionToo}));
    if (upserted.affected == 0) return {};
    DEVCOLL_TRY(auto rowid, tx.run("post_rowid", {p.post_id()}));
    DEVCOLL_CHECK(tx.run("delete_post_terms", {rowid[0].integer(0)}));
    DEVCOLL_CHECK(tx.run("insert_post_terms", {rowid[0].integer(0), indexTerms(p.body(), true)}));
    return {};
}

Status SearchStore::removePost(Tx& tx, const std::string& postId) {
    if (tx.engine() == Engine::Sqlite) {
        DEVCOLL_TRY(auto rowid, tx.run("post_rowid", {postId}));
        if (!rowid.empty()) DEVCOLL_CHECK(tx.run("delete_post_terms", {rowid[0].integer(0)}));
    }
    DEVCOLL_CHECK(tx.run("delete_post", {postId}));
    DEVCOLL_CHECK(tx.run("add_tombstone", {"post", postId, ""}));
    return {};
}

Status SearchStore::applyFollow(Tx& tx, const events::v1::FollowChanged& change, bool followed) {
    const std::string& follower = change.follower_id();
    const std::string& followee = change.followee_id();
    if (followed) {
        // Followed again after an unfollow during a rebuild: the rebuild may write it again.
        DEVCOLL_CHECK(tx.run("clear_follow_tombstone", {follower, followee}));
        DEVCOLL_CHECK(tx.run("insert_follow", {follower, followee}));
    } else {
        DEVCOLL_CHECK(tx.run("delete_follow", {follower, followee}));
        DEVCOLL_CHECK(tx.run("add_tombstone", {"follow", follower, followee}));
    }
    return {};
}

Result<std::int64_t> SearchStore::beginRebuild() {
    return m_db.transact([](Tx& tx) -> Result<std::int64_t> {
        // Tombstones of an interrupted rebuild are of no use to this one: its pages are read
        // after what they mark was already deleted.
        DEVCOLL_CHECK(tx.run("clear_tombstones", {}));
        DEVCOLL_CHECK(tx.run("begin_rebuild", {}));
        DEVCOLL_TRY(auto rows, tx.run("index_generation", {}));
        return rows[0].integer(0);
    });
}

Result<std::set<std::string>> SearchStore::tombstones(Tx& tx) {
    DEVCOLL_TRY(auto rows, tx.run("tombstones", {}));
    std::set<std::string> keys;
    for (const Row& r : rows) keys.insert(r.text(0) + " " + r.text(1) + " " + r.text(2));
    return keys;
}

Status SearchStore::refreshUsers(const std::vector<events::v1::UserProfile>& users) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(const auto deleted, tombstones(tx));
        for (const auto& u : users) {
            if (!deleted.contains("user " + u.user_id() + " ")) DEVCOLL_CHECK(indexUser(tx, u, Write::Refresh));
        }
        return {};
    });
}

Status SearchStore::refreshFollows(const std::vector<events::v1::FollowChanged>& follows) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(const auto deleted, tombstones(tx));
        for (const auto& f : follows) {
            if (deleted.contains("follow " + f.follower_id() + " " + f.followee_id()) ||
                deleted.contains("user " + f.follower_id() + " ") ||
                deleted.contains("user " + f.followee_id() + " ")) {
                continue;
            }
            DEVCOLL_CHECK(tx.run("insert_follow", {f.follower_id(), f.followee_id()}));
        }
        return {};
    });
}

Status SearchStore::refreshPosts(const std::vector<events::v1::PostChanged>& posts) {
    return m_db.transact([&](Tx& tx) -> Status {
        DEVCOLL_TRY(const auto deleted, tombstones(tx));
        for (const auto& p : posts) {
            if (deleted.contains("post " + p.post_id() + " ") || deleted.contains("user " + p.author_id() + " ")) {
                continue;
            }
            DEVCOLL_CHECK(indexPost(tx, p, Write::Refresh));
        }
        return {};
    });
}

Result<std::int64_t> SearchStore::finishRebuild(std::int64_t generation) {
    return m_db.transact([&](Tx& tx) -> Result<std::int64_t> {
        // Also what a page wrote back while its deletion was being committed (on PostgreSQL
        // the two may overlap): its tombstone is there by now.
        std::int64_t removed = 0;
        DEVCOLL_TRY(auto users, tx.run("stale_users", {generation}));
        for (const Row& r : users) DEVCOLL_CHECK(removeUser(tx, r.text(0)));
        DEVCOLL_TRY(auto posts, tx.run("stale_posts", {generation}));
        for (const Row& r : posts) DEVCOLL_CHECK(removePost(tx, r.text(0)));
        DEVCOLL_TRY(auto follows, tx.run("delete_stale_follows", {generation}));
        removed = static_cast<std::int64_t>(users.size() + posts.size()) + follows.affected;
        DEVCOLL_CHECK(tx.run("clear_tombstones", {}));
        DEVCOLL_CHECK(tx.run("finish_rebuild", {}));
        return removed;
    });
}

namespace {

v1::UserHit userHitFrom(const Row& r) {
    v1::UserHit hit;
    hit.mutable_user()->set_id(r.text(0));
    hit.mutable_user()->set_username(r.text(1));
    hit.mutable_user()->set_display_name(r.text(2));
    hit.mutable_user()->set_avatar_media_id(r.text(3));
    hit.set_score(r.real(4));
    return hit;
}

// The word being typed, when a query is just that and could start a username.
std::optional<std::string> typedUsernamePrefix(const SearchQuery& query) {
    if (query.required.size() != 1 || query.required[0].terms.size() != 1 || !query.excluded.empty()) return {};
    const std::string& word = query.required[0].terms[0];
    for (char c : word) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
    }
    return word;
}

}  // namespace

Result<std::vector<v1::UserHit>> SearchStore::users(const SearchQuery& query, const std::string& exactUsername,
                                                    int limit, int offset) {
    const auto match = m_db.engine() == Engine::Postgres ? toTsQuery(query, false) : toFts5(query, false);
    if (!match) return std::vector<v1::UserHit>{};
    const std::size_t wanted = static_cast<std::size_t>(offset) + static_cast<std::size_t>(limit);
    return m_db.read([&](Tx& tx) -> Result<std::vector<v1::UserHit>> {
        std::vector<v1::UserHit> hits;
        std::set<std::string> seen;
        // As you type, usernames that start with the word come first, straight from the
        // username index: scoring every full-text match of three letters (tens of thousands
        // among 100k users) is what makes prefix search slow.
        if (const auto prefix = typedUsernamePrefix(query)) {
            std::string upper = *prefix;
            upper.back() = static_cast<char>(upper.back() + 1);
            DEVCOLL_TRY(auto rows,
                        tx.run("users_by_username_prefix", {*prefix, upper, static_cast<std::int64_t>(wanted)}));
            for (const Row& r : rows) {
                seen.insert(r.text(0));
                hits.push_back(userHitFrom(r));
            }
        }
        if (hits.size() < wanted) {
            DEVCOLL_TRY(auto rows, tx.run("search_users",
                                          {*match, exactUsername, static_cast<std::int64_t>(wanted), std::int64_t{0}}));
            for (const Row& r : rows) {
                if (seen.insert(r.text(0)).second) hits.push_back(userHitFrom(r));
            }
        }
        const std::size_t from = std::min(hits.size(), static_cast<std::size_t>(offset));
        return std::vector<v1::UserHit>(
            std::make_move_iterator(hits.begin() + static_cast<std::ptrdiff_t>(from)),
            std::make_move_iterator(hits.begin() + static_cast<std::ptrdiff_t>(std::min(hits.size(), wanted))));
    });
}

Result<std::vector<PostMatch>> SearchStore::posts(const SearchQuery& query, const std::string& viewerId,
                                                  PostFilter filter, int limit, int offset) {
    return m_db.read([&](Tx& tx) -> Result<std::vector<PostMatch>> {
        // from:name narrows to one author; with author_id (or another from:) both must hold.
        for (const std::string& name : query.fromUsernames) {
            DEVCOLL_TRY(auto found, tx.run("user_id_by_username", {name}));
            if (found.empty()) return std::vector<PostMatch>{};
            if (!filter.authorId.empty() && filter.authorId != found[0].text(0)) return std::vector<PostMatch>{};
            filter.authorId = found[0].text(0);
        }
        const std::int64_t hasMedia = filter.hasMedia;
        const auto match = tx.engine() == Engine::Postgres ? toTsQuery(query, true) : toFts5(query, true);
        storage::Rows rows;
        if (match) {
            DEVCOLL_TRY(rows, tx.run("search_posts", {*match, viewerId, filter.authorId, filter.since, filter.until,
                                                      hasMedia, std::int64_t{limit}, std::int64_t{offset}}));
        } else {
            DEVCOLL_TRY(rows, tx.run("recent_posts", {viewerId, filter.authorId, filter.since, filter.until, hasMedia,
                                                      std::int64_t{limit}, std::int64_t{offset}}));
        }
        std::vector<PostMatch> matches;
        for (const Row& r : rows) matches.push_back(matchFrom(r));
        return matches;
    });
}

}  // namespace devcoll::search
