#pragma once
// The feed benchmark's data set: a year of posts by a community of developers, written
// straight into the post service's database (the tables the feed reads), in large batches,
// through the same storage layer the server uses. Registering 10k users and creating 1M posts
// through the API would take most of an hour here; what GetFeed reads is the same either way.
#include <cstdint>
#include <functional>
#include <string>

#include "devcoll/result.h"
#include "platform/storage/database.h"

namespace devcoll::bench {

struct FeedDataSpec final {
    int users = 10'000;              // including the measured user
    std::int64_t posts = 1'000'000;  // over the last `days`
    int days = 365;
    int measuredFollows = 500;  // whom the measured user follows, chosen uniformly
    int sparseFollows = 5;      // a second measured user, following few people
    int averageFollows = 40;    // everyone else, choosing popular authors more often
    int measuredLikes = 5'000;  // posts the measured user liked (for liked_by_me)
    std::uint64_t seed = 20261130;
};

struct FeedDataSummary final {
    std::int64_t posts = 0;
    std::int64_t follows = 0;
    std::int64_t likes = 0;
    std::int64_t measuredFeedPosts = 0;  // posts in the measured user's feed
    std::int64_t sparseFeedPosts = 0;
    double seconds = 0;
};

// Fills `db` (the post service's, freshly migrated and empty) for `measuredUserId` (who follows
// spec.measuredFollows authors) and `sparseUserId` (spec.sparseFollows). `progress` gets a
// line now and then.
Result<FeedDataSummary> generateFeedData(storage::Database& db, const FeedDataSpec& spec,
                                         const std::string& measuredUserId, const std::string& sparseUserId,
                                         const std::function<void(const std::string&)>& progress);

}  // namespace devcoll::bench
