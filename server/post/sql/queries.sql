-- Named queries of the post service, run on SQLite and PostgreSQL alike. Post rows are always
-- selected with the same columns, read by postFrom() in C++: id, author_id, body, media_ids,
-- visibility, created_at, updated_at, version, like_count, comment_count, deleted_at,
-- liked_by_me (1 or 0 for the viewer in $2), hidden_at, hidden_reason. liked_by_me is a scalar subquery on purpose: as a
-- join or EXISTS, both planners may choose to read every like (SQLite: a Bloom filter;
-- PostgreSQL: a hashed subplan) to answer it for a page of posts.

-- name: post_by_id
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2), p.hidden_at, p.hidden_reason
FROM posts p
WHERE p.id = $1

-- name: insert_post
INSERT INTO posts (id, author_id, body, media_ids, visibility, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $6, 1)
ON CONFLICT DO NOTHING

-- name: insert_revision
INSERT INTO post_revisions (post_id, version, body, media_ids, visibility, edited_at)
VALUES ($1, $2, $3, $4, $5, $6)

-- name: first_revision
SELECT body, media_ids, visibility FROM post_revisions WHERE post_id = $1 AND version = 1

-- name: update_post
UPDATE posts SET body = $3, media_ids = $4, visibility = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $2 AND deleted_at IS NULL

-- name: delete_post
UPDATE posts SET body = '', media_ids = '', deleted_at = $2, updated_at = $2, version = version + 1
WHERE id = $1 AND deleted_at IS NULL

-- name: delete_revisions
DELETE FROM post_revisions WHERE post_id = $1

-- name: revisions_page
SELECT version, body, media_ids, visibility, edited_at FROM post_revisions
WHERE post_id = $1 AND version < $2
ORDER BY version DESC
LIMIT $3

-- name: user_posts_page
-- Newest first; followers-only posts only when $5 (the viewer may see them) is 1; posts a
-- moderator hid only for their author ($2).
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2), p.hidden_at, p.hidden_reason
FROM posts p
WHERE p.author_id = $1 AND p.deleted_at IS NULL AND (p.visibility = 1 OR $5 = 1)
  AND (p.hidden_at IS NULL OR p.author_id = $2)
  AND (p.created_at, p.id) < ($3, $4)
ORDER BY p.created_at DESC, p.id DESC
LIMIT $6

-- name: insert_like
INSERT INTO likes (post_id, user_id, created_at) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING

-- name: delete_like
DELETE FROM likes WHERE post_id = $1 AND user_id = $2

-- name: add_to_like_count
UPDATE posts SET like_count = like_count + $2 WHERE id = $1

-- name: follows
SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2

-- name: insert_follow
INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING

-- name: delete_follow
DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2

-- The home feed is fanned out on read (README.md, "The feed", has the measurements behind
-- this): a post is written once, and a feed page is the newest live posts below ($3, $4) and
-- above ($5, $6) by the viewer ($1) and the people they follow. Posts never move in this order
-- (creation time and id do not change), so a cursor continues exactly where it stopped, however
-- long ago it was handed out. Posts a moderator hid are in nobody's feed, their author's
-- included (who still finds them on their profile). Two plans answer it, and PostStore::feed
-- picks between them.
-- The shape of the follow filter is what steers both engines' planners to each plan's index:
-- `author_id = $1 OR author_id IN (...)` keeps the walk in time order, `author_id IN (... UNION
-- ALL SELECT $1)` makes the gather probe the per-author index (checked with and without
-- statistics). Written the other way round, each gets the other's plan.
--
-- name: feed_walk_bound
-- The post about $3 places below ($1, $2) in time order, in two index probes: seq is the order
-- posts were stored in, which is close to time order, and close is all a bound needs.
SELECT created_at, id FROM posts
WHERE seq <= (SELECT seq FROM posts WHERE deleted_at IS NULL AND hidden_at IS NULL AND (created_at, id) < ($1, $2)
              ORDER BY created_at DESC, id DESC LIMIT 1) - $3
ORDER BY seq DESC
LIMIT 1

-- name: feed_recent
-- Walks all live posts in time order and keeps the followees': cheap when they wrote a fair
-- share of what is recent, the usual case. PostStore::feed bounds the walk below.
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2), p.hidden_at, p.hidden_reason
FROM (SELECT id, created_at FROM posts
      WHERE deleted_at IS NULL AND hidden_at IS NULL AND (created_at, id) < ($3, $4) AND (created_at, id) > ($5, $6)
        AND (author_id = $1 OR author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1))
      ORDER BY created_at DESC, id DESC
      LIMIT $7) newest
JOIN posts p ON p.id = newest.id
ORDER BY newest.created_at DESC, newest.id DESC

-- name: feed_by_author
-- Gathers the viewer's and each followee's posts from the per-author index, then sorts: cheap
-- when the followees wrote little of what is recent (few followees, or quiet ones).
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2), p.hidden_at, p.hidden_reason
FROM (SELECT id, created_at FROM posts
      WHERE deleted_at IS NULL AND hidden_at IS NULL
        AND author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1 UNION ALL SELECT $1)
        AND (created_at, id) < ($3, $4) AND (created_at, id) > ($5, $6)
      ORDER BY created_at DESC, id DESC
      LIMIT $7) newest
JOIN posts p ON p.id = newest.id
ORDER BY newest.created_at DESC, newest.id DESC

-- name: live_posts_of_author
SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL

-- name: likes_by_user
SELECT post_id FROM likes WHERE user_id = $1

-- name: delete_follows_of
DELETE FROM follows WHERE follower_id = $1 OR followee_id = $1

-- Comment rows are always selected with these columns, read by commentFrom() in C++:
-- id, post_id, parent_comment_id, author_id, body, created_at, deleted_at, hidden_at, hidden_reason.

-- name: comment_by_id
SELECT id, post_id, parent_comment_id, author_id, body, created_at, deleted_at, hidden_at, hidden_reason
FROM comments WHERE id = $1

-- name: insert_comment
INSERT INTO comments (id, post_id, parent_comment_id, author_id, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING

-- name: comments_page
-- Oldest first, strictly after ($2, $3).
SELECT id, post_id, parent_comment_id, author_id, body, created_at, deleted_at, hidden_at, hidden_reason
FROM comments
WHERE post_id = $1 AND (created_at > $2 OR (created_at = $2 AND id > $3))
ORDER BY created_at, id
LIMIT $4

-- name: delete_comment
UPDATE comments SET body = '', deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL

-- name: add_to_comment_count
UPDATE posts SET comment_count = comment_count + $2 WHERE id = $1

-- name: hide_comment
UPDATE comments SET hidden_at = $2, hidden_reason = $3 WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NULL

-- name: unhide_comment
UPDATE comments SET hidden_at = NULL, hidden_reason = '' WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NOT NULL

-- name: mark_comment_removed
UPDATE comments SET hidden_at = COALESCE(hidden_at, $2), hidden_reason = $3 WHERE id = $1 AND deleted_at IS NULL

-- name: live_comments_of_author
SELECT id FROM comments WHERE author_id = $1 AND deleted_at IS NULL

-- name: likes_page
-- Newest like first, strictly before ($2, $3).
SELECT user_id, created_at FROM likes
WHERE post_id = $1 AND (created_at < $2 OR (created_at = $2 AND user_id < $3))
ORDER BY created_at DESC, user_id DESC
LIMIT $4

-- name: all_posts_page
-- Operators' bulk listing (ListAllPosts): posts that are not deleted, in id order after $1.
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at, 0, p.hidden_at, p.hidden_reason
FROM posts p
WHERE p.id > $1 AND p.deleted_at IS NULL
ORDER BY p.id
LIMIT $2

-- name: count_posts
SELECT COUNT(*) FROM posts WHERE deleted_at IS NULL

-- name: hide_post
-- A moderator hides a post (at $2, for reason $3). One hidden with its author's suspension
-- stays hidden after the suspension: the moderator's own hide takes over.
UPDATE posts SET hidden_at = $2, hidden_reason = $3, hidden_by_suspension = FALSE, version = version + 1
WHERE id = $1 AND deleted_at IS NULL AND (hidden_at IS NULL OR hidden_by_suspension)

-- name: unhide_post
UPDATE posts SET hidden_at = NULL, hidden_reason = '', hidden_by_suspension = FALSE, version = version + 1
WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NOT NULL

-- name: hide_post_with_suspension
-- A moderator shows a post again while its author is suspended: it stays hidden, now with the
-- suspension ($2: its reason), and comes back with it.
UPDATE posts SET hidden_reason = $2, hidden_by_suspension = TRUE, version = version + 1
WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NOT NULL AND NOT hidden_by_suspension

-- name: shown_posts_of_author
SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL AND hidden_at IS NULL

-- name: hide_post_of_suspended
UPDATE posts SET hidden_at = $2, hidden_reason = $3, hidden_by_suspension = TRUE, version = version + 1
WHERE id = $1 AND deleted_at IS NULL AND hidden_at IS NULL

-- name: posts_hidden_by_suspension
SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL AND hidden_by_suspension

-- name: unhide_post_of_suspended
UPDATE posts SET hidden_at = NULL, hidden_reason = '', hidden_by_suspension = FALSE, version = version + 1
WHERE id = $1 AND deleted_at IS NULL AND hidden_by_suspension

-- name: mark_removed
-- A moderator removes a post: the tombstone keeps the reason for its author.
UPDATE posts SET hidden_at = COALESCE(hidden_at, $2), hidden_reason = $3, hidden_by_suspension = FALSE
WHERE id = $1 AND deleted_at IS NULL
