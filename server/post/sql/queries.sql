-- Named queries of the post service, run on SQLite and PostgreSQL alike. Post rows are always
-- selected with the same columns, read by postFrom() in C++: id, author_id, body, media_ids,
-- visibility, created_at, updated_at, version, like_count, comment_count, deleted_at,
-- liked_by_me (for the viewer in $2).

-- name: post_by_id
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at, CASE WHEN me.user_id IS NULL THEN 0 ELSE 1 END
FROM posts p LEFT JOIN likes me ON me.post_id = p.id AND me.user_id = $2
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
-- Newest first; followers-only posts only when $5 (the viewer may see them) is 1.
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at, CASE WHEN me.user_id IS NULL THEN 0 ELSE 1 END
FROM posts p LEFT JOIN likes me ON me.post_id = p.id AND me.user_id = $2
WHERE p.author_id = $1 AND p.deleted_at IS NULL AND (p.visibility = 1 OR $5 = 1)
  AND (p.created_at < $3 OR (p.created_at = $3 AND p.id < $4))
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

-- name: feed_page
-- Fan-out on read: the viewer's own posts and those of everyone they follow, newest first,
-- strictly below ($3, $4) and strictly above ($5, $6). Posts never move in this order (their
-- creation time and id do not change), so a cursor continues exactly where it stopped.
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at, CASE WHEN me.user_id IS NULL THEN 0 ELSE 1 END
FROM posts p LEFT JOIN likes me ON me.post_id = p.id AND me.user_id = $2
WHERE p.deleted_at IS NULL
  AND (p.author_id = $1 OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1))
  AND (p.created_at < $3 OR (p.created_at = $3 AND p.id < $4))
  AND (p.created_at > $5 OR (p.created_at = $5 AND p.id > $6))
ORDER BY p.created_at DESC, p.id DESC
LIMIT $7

-- name: live_posts_of_author
SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL

-- name: likes_by_user
SELECT post_id FROM likes WHERE user_id = $1

-- name: delete_follows_of
DELETE FROM follows WHERE follower_id = $1 OR followee_id = $1

-- Comment rows are always selected with these columns, read by commentFrom() in C++:
-- id, post_id, parent_comment_id, author_id, body, created_at, deleted_at.

-- name: comment_by_id
SELECT id, post_id, parent_comment_id, author_id, body, created_at, deleted_at FROM comments WHERE id = $1

-- name: insert_comment
INSERT INTO comments (id, post_id, parent_comment_id, author_id, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING

-- name: comments_page
-- Oldest first, strictly after ($2, $3).
SELECT id, post_id, parent_comment_id, author_id, body, created_at, deleted_at FROM comments
WHERE post_id = $1 AND (created_at > $2 OR (created_at = $2 AND id > $3))
ORDER BY created_at, id
LIMIT $4

-- name: delete_comment
UPDATE comments SET body = '', deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL

-- name: add_to_comment_count
UPDATE posts SET comment_count = comment_count + $2 WHERE id = $1

-- name: live_comments_of_author
SELECT id FROM comments WHERE author_id = $1 AND deleted_at IS NULL

-- name: likes_page
-- Newest like first, strictly before ($2, $3).
SELECT user_id, created_at FROM likes
WHERE post_id = $1 AND (created_at < $2 OR (created_at = $2 AND user_id < $3))
ORDER BY created_at DESC, user_id DESC
LIMIT $4
