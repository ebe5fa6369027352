#include "store/replica_reads.h"

#include "devcoll/search_text.h"

namespace devcoll::app {
namespace {

// The columns of a PostRow, for posts aliased p; its one parameter is the account. (Qt's SQLite
// driver counts `?` placeholders itself: no numbered ones, a value repeated where needed.)
const QString kPostColumns = QStringLiteral(
    "p.id, p.author_id, COALESCE(a.username, ''), COALESCE(a.display_name, ''), p.body, p.visibility, p.media_ids, "
    "p.created_at, p.updated_at, p.version, p.pending, "
    "(SELECT COUNT(*) FROM likes l WHERE l.post_id = p.id), "
    "(SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id), "
    "EXISTS (SELECT 1 FROM likes l WHERE l.post_id = p.id AND l.user_id = ?), p.hidden_reason "
    "FROM posts p LEFT JOIN profiles a ON a.id = p.author_id ");

// Keyset paging: strictly after (created_at, id) in newest-first order; afterParams() fills it.
const QString kAfter = QStringLiteral("(? = '' OR p.created_at < ? OR (p.created_at = ? AND p.id < ?)) ");

QVariantList afterParams(const PostPosition& after) { return {after.id, after.createdAt, after.createdAt, after.id}; }

PostRow postFrom(const QVariantList& r) {
    PostRow p;
    p.id = r[0].toString();
    p.authorId = r[1].toString();
    p.authorUsername = r[2].toString();
    p.authorDisplayName = r[3].toString();
    p.body = r[4].toString();
    p.visibility = r[5].toInt();
    p.mediaIds = r[6].toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    p.createdAt = r[7].toLongLong();
    p.updatedAt = r[8].toLongLong();
    p.version = r[9].toLongLong();
    p.pending = r[10].toBool();
    p.likeCount = r[11].toInt();
    p.commentCount = r[12].toInt();
    p.likedByMe = r[13].toBool();
    p.hidden = !r[14].isNull();
    p.hiddenReason = r[14].toString();
    return p;
}

QList<PostRow> postsFrom(const QList<QVariantList>& rows) {
    QList<PostRow> posts;
    posts.reserve(rows.size());
    for (const QVariantList& r : rows) posts.append(postFrom(r));
    return posts;
}

}  // namespace

Result<QList<PostRow>> homeFeed(ReplicaDatabase& db, const QString& accountId, const PostPosition& after, int limit) {
    DEVCOLL_TRY(
        auto rows,
        db.select(QStringLiteral("SELECT ") + kPostColumns +
                      QStringLiteral("WHERE (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM follows "
                                     "WHERE follower_id = ?)) AND ") +
                      kAfter + QStringLiteral("ORDER BY p.created_at DESC, p.id DESC LIMIT ?"),
                  QVariantList{accountId, accountId, accountId} + afterParams(after) + QVariantList{limit}));
    return postsFrom(rows);
}

Result<std::optional<PostRow>> postById(ReplicaDatabase& db, const QString& accountId, const QString& postId) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT ") + kPostColumns + QStringLiteral("WHERE p.id = ?"),
                                     {accountId, postId}));
    if (rows.isEmpty()) return std::optional<PostRow>();
    return std::optional<PostRow>(postFrom(rows.first()));
}

Result<QList<PostRow>> postsBy(ReplicaDatabase& db, const QString& accountId, const QString& authorId,
                               const PostPosition& after, int limit) {
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT ") + kPostColumns + QStringLiteral("WHERE p.author_id = ? AND ") +
                              kAfter + QStringLiteral("ORDER BY p.created_at DESC, p.id DESC LIMIT ?"),
                          QVariantList{accountId, authorId} + afterParams(after) + QVariantList{limit}));
    return postsFrom(rows);
}

Result<QList<PostRow>> searchPosts(ReplicaDatabase& db, const QString& accountId, const QString& text, int limit) {
    DEVCOLL_TRY(const search::SearchQuery query, search::parseQuery("query", text.toStdString()));
    // from:name narrows to one author, as on the server; an unknown name finds nothing.
    QString authorId;
    for (const std::string& name : query.fromUsernames) {
        DEVCOLL_TRY(auto found, db.select(QStringLiteral("SELECT id FROM profiles WHERE lower(username) = ?"),
                                          {QString::fromStdString(name)}));
        if (found.isEmpty()) return QList<PostRow>();
        const QString id = found.first().value(0).toString();
        if (!authorId.isEmpty() && authorId != id) return QList<PostRow>();
        authorId = id;
    }
    const auto match = search::toFts5(query, true);
    if (!match) {
        if (authorId.isEmpty()) return QList<PostRow>();  // the query asks for nothing
        return postsBy(db, accountId, authorId, {}, limit);
    }
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT ") + kPostColumns +
                              QStringLiteral("JOIN posts_fts f ON f.rowid = p.rowid WHERE posts_fts MATCH ? "
                                             "AND (? = '' OR p.author_id = ?) "
                                             "ORDER BY bm25(posts_fts), p.created_at DESC, p.id DESC LIMIT ?"),
                          {accountId, QString::fromStdString(*match), authorId, authorId, limit}));
    return postsFrom(rows);
}

Result<QList<CommentRow>> commentsOf(ReplicaDatabase& db, const QString& postId, int limit) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT c.id, c.parent_comment_id, c.author_id, "
                                                    "COALESCE(a.username, ''), COALESCE(a.display_name, ''), c.body, "
                                                    "c.created_at, c.pending FROM comments c LEFT JOIN profiles a ON "
                                                    "a.id = c.author_id WHERE c.post_id = ? "
                                                    "ORDER BY c.created_at, c.id LIMIT ?"),
                                     {postId, limit}));
    QList<CommentRow> comments;
    for (const QVariantList& r : rows) {
        comments.append(CommentRow{r[0].toString(), r[1].toString(), r[2].toString(), r[3].toString(), r[4].toString(),
                                   r[5].toString(), r[6].toLongLong(), r[7].toBool()});
    }
    return comments;
}

Result<ProfileCard> profileCard(ReplicaDatabase& db, const QString& accountId, const QString& userId) {
    ProfileCard card;
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT id, username, display_name, bio, avatar_media_id, pending "
                                                    "FROM profiles WHERE id = ?"),
                                     {userId}));
    if (!rows.isEmpty()) {
        const QVariantList& r = rows.first();
        card.profile = ProfileRow{r[0].toString(), r[1].toString(), r[2].toString(),
                                  r[3].toString(), r[4].toString(), r[5].toBool()};
    }
    DEVCOLL_TRY(auto counts, db.select(QStringLiteral("SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = ?), "
                                                      "(SELECT COUNT(*) FROM follows WHERE follower_id = ?), "
                                                      "(SELECT pending FROM follows WHERE follower_id = ? AND "
                                                      "followee_id = ?)"),
                                       {userId, userId, accountId, userId}));
    const QVariantList& c = counts.first();
    card.followers = c[0].toInt();
    card.following = c[1].toInt();
    card.followedByMe = !c[2].isNull();
    // An unfollow waiting for the server has removed the row already; its queued action says so.
    DEVCOLL_TRY(auto queued, db.select(QStringLiteral("SELECT 1 FROM pending_mutations WHERE entity_id = ? AND "
                                                      "state = 'queued' LIMIT 1"),
                                       {accountId + QLatin1Char(':') + userId}));
    card.followPending = c[2].toBool() || !queued.isEmpty();
    return card;
}

Result<QList<ProfileRow>> searchProfiles(ReplicaDatabase& db, const QString& text, int limit) {
    DEVCOLL_TRY(const search::SearchQuery query, search::parseQuery("query", text.toStdString()));
    const auto match = search::toFts5(query, false);
    if (!match) return QList<ProfileRow>();
    DEVCOLL_TRY(auto rows,
                db.select(QStringLiteral("SELECT u.id, u.username, u.display_name, u.bio, u.avatar_media_id, "
                                         "u.pending FROM profiles_fts f JOIN profiles u ON u.rowid = f.rowid "
                                         "WHERE profiles_fts MATCH ? "
                                         "ORDER BY bm25(profiles_fts, 10.0, 1.0), u.username LIMIT ?"),
                          {QString::fromStdString(*match), limit}));
    QList<ProfileRow> profiles;
    for (const QVariantList& r : rows) {
        profiles.append(ProfileRow{r[0].toString(), r[1].toString(), r[2].toString(), r[3].toString(), r[4].toString(),
                                   r[5].toBool()});
    }
    return profiles;
}

Result<std::optional<QString>> profileIdNamed(ReplicaDatabase& db, const QString& username) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT id FROM profiles WHERE lower(username) = lower(?) LIMIT 1"),
                                     {username}));
    if (rows.isEmpty()) return std::optional<QString>();
    return std::optional<QString>(rows.first().value(0).toString());
}

}  // namespace devcoll::app
