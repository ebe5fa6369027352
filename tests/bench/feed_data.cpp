#include "bench/feed_data.h"

#include "bench/zipf.h"

#include <QElapsedTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "devcoll/ids.h"
#include "platform/clock.h"

namespace devcoll::bench {
namespace {

using storage::SqlParams;
using storage::Tx;

constexpr int kRowsPerStatement = 64;  // SQLite looks bound names up one by one: keep statements modest
constexpr std::int64_t kRowsPerTransaction = 20'000;

// "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ..." for `rows` rows.
std::string insertSql(const std::string& table, const std::vector<std::string>& columns, int rows,
                      const std::string& suffix = "") {
    std::string sql = "INSERT INTO " + table + " (";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + columns[c];
    sql += ") VALUES ";
    int n = 0;
    for (int r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", $" : "$") + std::to_string(++n);
        sql += ")";
    }
    return sql + suffix;
}

// Writes rows in multi-row statements, many statements per transaction.
class BatchWriter final {
public:
    BatchWriter(storage::Database& db, std::string table, std::vector<std::string> columns, std::string suffix = "")
        : m_db(db), m_table(std::move(table)), m_columns(std::move(columns)), m_suffix(std::move(suffix)) {}

    Status add(SqlParams row) {
        m_pending.push_back(std::move(row));
        if (static_cast<std::int64_t>(m_pending.size()) >= kRowsPerTransaction) return flush();
        return {};
    }

    Status flush() {
        if (m_pending.empty()) return {};
        auto written = m_db.transact([&](Tx& tx) -> Status {
            for (std::size_t start = 0; start < m_pending.size(); start += kRowsPerStatement) {
                const std::size_t end = std::min(m_pending.size(), start + kRowsPerStatement);
                SqlParams params;
                for (std::size_t r = start; r < end; ++r) {
                    params.insert(params.end(), m_pending[r].begin(), m_pending[r].end());
                }
                DEVCOLL_CHECK(tx.exec(insertSql(m_table, m_columns, static_cast<int>(end - start), m_suffix), params));
            }
            return {};
        });
        m_written += static_cast<std::int64_t>(m_pending.size());
        m_pending.clear();
        return written;
    }

    std::int64_t written() const { return m_written; }

private:
    storage::Database& m_db;
    std::string m_table;
    std::vector<std::string> m_columns;
    std::string m_suffix;
    std::vector<SqlParams> m_pending;
    std::int64_t m_written = 0;
};

// Post bodies the way developers write them: prose, links, and code blocks.
std::string bodyFor(std::mt19937_64& random, std::int64_t n) {
    static const char* const kTexts[] = {
        "Shipped the new release today. Changelog in the repo; thanks to everyone who tested the betas.",
        "TIL: `std::ranges::sort` takes a projection.\n```cpp\nstd::ranges::sort(users, {}, &User::name);\n```",
        "Reading the PostgreSQL planner source again. Row comparisons use the index as a range: "
        "`WHERE (created_at, id) < ($1, $2)` is one btree descent.",
        "Hot take: most flaky tests are missing a wait condition, not a longer sleep.",
        "```python\nwith open(path, 'rb') as f:\n    digest = hashlib.file_digest(f, 'sha256')\n```\nNew in 3.11.",
        "Profiling a Qt app: `QElapsedTimer` around the model reset shows 40 ms; moving the SQL to a worker "
        "thread brought the frame time back under 16 ms.",
        "Anyone using SQLite FTS5 with a trigram tokenizer in production? Curious about index sizes.",
        "Weekend project: a tiny Rust CLI that turns `git log` into a changelog grouped by scope.",
        "Reminder that `git rebase --update-refs` exists and makes stacked branches bearable.",
        "```sql\nCREATE INDEX CONCURRENTLY posts_by_time ON posts (created_at, id);\n```\nNo downtime.",
    };
    const auto& text = kTexts[random() % (sizeof kTexts / sizeof *kTexts)];
    return std::string(text) + "\n\n#" + std::to_string(n % 97) + " (post " + std::to_string(n) + ")";
}

}  // namespace

Result<FeedDataSummary> generateFeedData(storage::Database& db, const FeedDataSpec& spec,
                                         const std::string& measuredUserId, const std::string& sparseUserId,
                                         const std::function<void(const std::string&)>& progress) {
    QElapsedTimer timer;
    timer.start();
    std::mt19937_64 random(spec.seed);
    FeedDataSummary summary;

    // Users 0 and 1 are the measured ones; the others exist only as authors and followers here.
    const auto now = std::chrono::system_clock::now();
    std::vector<std::string> users{measuredUserId, sparseUserId};
    while (static_cast<int>(users.size()) < spec.users) users.push_back(newUuidV7At(now - std::chrono::days(800)));
    // Activity is independent of user order, so that the measured users' followees are typical.
    std::vector<int> activityRank(users.size());
    for (std::size_t i = 0; i < users.size(); ++i) activityRank[i] = static_cast<int>(i);
    std::shuffle(activityRank.begin(), activityRank.end(), random);

    // The follow graph.
    std::vector<std::set<int>> follows(users.size());
    std::uniform_int_distribution<int> anyOther(2, spec.users - 1);
    while (static_cast<int>(follows[0].size()) < spec.measuredFollows) follows[0].insert(anyOther(random));
    while (static_cast<int>(follows[1].size()) < spec.sparseFollows) follows[1].insert(anyOther(random));
    const Zipf popularity(spec.users, 0.9);
    std::uniform_int_distribution<int> followCount(spec.averageFollows / 4, spec.averageFollows * 7 / 4);
    for (std::size_t u = 2; u < users.size(); ++u) {
        const int wanted = followCount(random);
        for (int tries = 0; static_cast<int>(follows[u].size()) < wanted && tries < wanted * 4; ++tries) {
            const auto followee = static_cast<std::size_t>(activityRank[static_cast<std::size_t>(popularity(random))]);
            if (followee != u) follows[u].insert(static_cast<int>(followee));
        }
    }
    BatchWriter followWriter(db, "follows", {"follower_id", "followee_id", "created_at"});
    const std::int64_t followedAt = toMicros(now - std::chrono::days(400));
    for (std::size_t u = 0; u < users.size(); ++u) {
        for (int f : follows[u]) {
            DEVCOLL_CHECK(followWriter.add({users[u], users[static_cast<std::size_t>(f)], followedAt}));
        }
    }
    DEVCOLL_CHECK(followWriter.flush());
    summary.follows = followWriter.written();
    progress("follows: " + std::to_string(summary.follows));

    // Posts, in the order they were written, by authors of Zipf-distributed activity.
    const Zipf activity(spec.users, 1.0);
    std::vector<std::int64_t> times(static_cast<std::size_t>(spec.posts));
    const std::int64_t end = toMicros(now - std::chrono::minutes(1));
    std::uniform_int_distribution<std::int64_t> when(end - std::int64_t{spec.days} * 86'400'000'000, end);
    for (auto& t : times) t = when(random);
    std::sort(times.begin(), times.end());

    BatchWriter postWriter(
        db, "posts",
        {"id", "author_id", "body", "media_ids", "visibility", "created_at", "updated_at", "version", "like_count"});
    BatchWriter revisionWriter(db, "post_revisions",
                               {"post_id", "version", "body", "media_ids", "visibility", "edited_at"});
    std::vector<std::string> measuredFeed;
    std::uniform_int_distribution<int> percent(0, 99);
    for (std::int64_t n = 0; n < spec.posts; ++n) {
        const std::int64_t at = times[static_cast<std::size_t>(n)];
        const auto author = static_cast<std::size_t>(activityRank[static_cast<std::size_t>(activity(random))]);
        const std::string id = newUuidV7At(std::chrono::system_clock::time_point(std::chrono::microseconds(at)));
        const std::string body = bodyFor(random, n);
        const std::int64_t visibility = percent(random) < 90 ? 1 : 2;  // PUBLIC, FOLLOWERS
        DEVCOLL_CHECK(postWriter.add({id, users[author], body, std::string(), visibility, at, at, std::int64_t{1},
                                      std::int64_t{percent(random)}}));
        DEVCOLL_CHECK(revisionWriter.add({id, std::int64_t{1}, body, std::string(), visibility, at}));
        if (author == 0 || follows[0].count(static_cast<int>(author))) measuredFeed.push_back(id);
        if (author == 1 || follows[1].count(static_cast<int>(author))) ++summary.sparseFeedPosts;
        if ((n + 1) % 100'000 == 0) {
            progress("posts: " + std::to_string(n + 1) + " / " + std::to_string(spec.posts) + " (" +
                     std::to_string(timer.elapsed() / 1000) + " s)");
        }
    }
    DEVCOLL_CHECK(postWriter.flush());
    DEVCOLL_CHECK(revisionWriter.flush());
    summary.posts = postWriter.written();
    summary.measuredFeedPosts = static_cast<std::int64_t>(measuredFeed.size());

    // The measured user liked some of what they read.
    std::shuffle(measuredFeed.begin(), measuredFeed.end(), random);
    BatchWriter likeWriter(db, "likes", {"post_id", "user_id", "created_at"});
    for (std::size_t i = 0; i < measuredFeed.size() && static_cast<int>(i) < spec.measuredLikes; ++i) {
        DEVCOLL_CHECK(likeWriter.add({measuredFeed[i], measuredUserId, end}));
    }
    DEVCOLL_CHECK(likeWriter.flush());
    summary.likes = likeWriter.written();

    // Both engines plan from statistics, and PostgreSQL reads an index alone only where its
    // visibility map says so: a server that has run a while has both (autovacuum, or the
    // statistics SQLite keeps when told). VACUUM runs outside a transaction, as reads do there.
    if (db.engine() == storage::Engine::Postgres) {
        DEVCOLL_CHECK(db.read([](Tx& tx) -> Status {
            DEVCOLL_CHECK(tx.exec("VACUUM ANALYZE"));
            return {};
        }));
    } else {
        DEVCOLL_CHECK(db.transact([](Tx& tx) -> Status {
            DEVCOLL_CHECK(tx.exec("ANALYZE"));
            return {};
        }));
    }
    summary.seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    return summary;
}

}  // namespace devcoll::bench
