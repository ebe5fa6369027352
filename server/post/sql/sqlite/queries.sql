-- SQLite's version of the feed's walk bound (see queries.sql): the storage order is the rowid.

-- name: feed_walk_bound
SELECT created_at, id FROM posts
WHERE rowid <= (SELECT rowid FROM posts INDEXED BY posts_live_by_time
                WHERE deleted_at IS NULL AND hidden_at IS NULL AND (created_at, id) < ($1, $2)
                ORDER BY created_at DESC, id DESC LIMIT 1) - $3
ORDER BY rowid DESC
LIMIT 1
