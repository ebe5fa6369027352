#pragma once
// What the views read from the replica: the home feed, one author's posts, and search over
// posts and profiles with the server's query language (terms, "phrases", -exclusions,
// from:username, #tag), all without the network.
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "devcoll/result.h"
#include "store/replica_database.h"

namespace devcoll::app {

struct PostRow final {
    QString id;
    QString authorId;
    QString authorUsername;  // empty while the author's profile is not in the replica
    QString authorDisplayName;
    QString body;
    int visibility = 0;  // devcoll.post.v1.Visibility
    QStringList mediaIds;
    qint64 createdAt = 0;  // microseconds since the epoch
    qint64 updatedAt = 0;
    qint64 version = 0;
    bool pending = false;  // changed here, not yet confirmed by the server
    int likeCount = 0;     // of those the replica holds
    int commentCount = 0;
    bool likedByMe = false;
    bool hidden = false;   // a moderator hid it: only its author sees it
    QString hiddenReason;  // the moderator's reason
};
}  // namespace devcoll::app
// Strings, lists and numbers only: a list of rows may move them with memmove.
Q_DECLARE_TYPEINFO(devcoll::app::PostRow, Q_RELOCATABLE_TYPE);
namespace devcoll::app {

struct ProfileRow final {
    QString id;
    QString username;
    QString displayName;
    QString bio;
    QString avatarMediaId;
    bool pending = false;
};

struct CommentRow final {
    QString id;
    QString parentCommentId;  // empty for a comment on the post itself
    QString authorId;
    QString authorUsername;
    QString authorDisplayName;
    QString body;
    qint64 createdAt = 0;  // microseconds since the epoch
    bool pending = false;
};

// A profile as the profile page shows it from the replica: counts are of the follows the
// replica holds (the account's own, and those of the people it follows), so they may be short
// of the server's.
struct ProfileCard final {
    ProfileRow profile;  // id empty: the replica does not hold the profile
    bool followedByMe = false;
    bool followPending = false;  // the follow or unfollow waits for the server
    int followers = 0;
    int following = 0;
};

// Where a page of posts ends; the next page starts after it. Default: the newest.
struct PostPosition final {
    qint64 createdAt = 0;
    QString id;
    bool isStart() const { return id.isEmpty(); }
};

// The home feed of `accountId`: their posts and those of the people they follow, newest first.
Result<QList<PostRow>> homeFeed(ReplicaDatabase& db, const QString& accountId, const PostPosition& after, int limit);
// One post; nothing when the replica does not hold it.
Result<std::optional<PostRow>> postById(ReplicaDatabase& db, const QString& accountId, const QString& postId);
// A post's comments, oldest first (replies after what they answer, by time).
Result<QList<CommentRow>> commentsOf(ReplicaDatabase& db, const QString& postId, int limit);
// One author's posts, newest first.
Result<QList<PostRow>> postsBy(ReplicaDatabase& db, const QString& accountId, const QString& authorId,
                               const PostPosition& after, int limit);
// `userId`'s profile card, with the account's follow of them as this device has it.
Result<ProfileCard> profileCard(ReplicaDatabase& db, const QString& accountId, const QString& userId);
// Posts matching `query`, best first; InvalidArgument for a query too long or not UTF-8.
Result<QList<PostRow>> searchPosts(ReplicaDatabase& db, const QString& accountId, const QString& query, int limit);
Result<QList<ProfileRow>> searchProfiles(ReplicaDatabase& db, const QString& query, int limit);
// The id of the profile called `username` (any case) that the replica holds, if any.
Result<std::optional<QString>> profileIdNamed(ReplicaDatabase& db, const QString& username);

}  // namespace devcoll::app
