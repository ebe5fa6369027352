-- SQLite's versions of the feed's queries (see queries.sql): the storage order is the rowid,
-- and each plan names its index, because SQLite's planner would take the per-author one for both.

-- name: feed_walk_bound
SELECT created_at, id FROM posts
WHERE rowid <= (SELECT rowid FROM posts INDEXED BY posts_live_by_time
                WHERE deleted_at IS NULL AND (created_at, id) < ($1, $2)
                ORDER BY created_at DESC, id DESC LIMIT 1) - $3
ORDER BY rowid DESC
LIMIT 1

-- name: feed_recent
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2)
FROM (SELECT id, created_at FROM posts INDEXED BY posts_live_by_time
      WHERE deleted_at IS NULL AND (created_at, id) < ($3, $4) AND (created_at, id) > ($5, $6)
        AND (author_id = $1 OR author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1))
      ORDER BY created_at DESC, id DESC
      LIMIT $7) newest
JOIN posts p ON p.id = newest.id
ORDER BY newest.created_at DESC, newest.id DESC

-- name: feed_by_author
SELECT p.id, p.author_id, p.body, p.media_ids, p.visibility, p.created_at, p.updated_at, p.version, p.like_count,
       p.comment_count, p.deleted_at,
       (SELECT COUNT(*) FROM likes me WHERE me.post_id = p.id AND me.user_id = $2)
FROM (SELECT id, created_at FROM posts INDEXED BY posts_live_by_author
      WHERE deleted_at IS NULL
        AND author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1 UNION ALL SELECT $1)
        AND (created_at, id) < ($3, $4) AND (created_at, id) > ($5, $6)
      ORDER BY created_at DESC, id DESC
      LIMIT $7) newest
JOIN posts p ON p.id = newest.id
ORDER BY newest.created_at DESC, newest.id DESC
