-- Named queries of the search service, run on SQLite and PostgreSQL alike (the indexing and
-- matching ones are in sqlite/ and postgres/). Post hits are always selected with the same
-- columns, read by hitFrom() in C++: id, author_id, media_ids, created_at, updated_at,
-- version, body, username, display_name, avatar_media_id, score.

-- name: insert_follow
INSERT INTO search_follows (follower_id, followee_id, generation)
VALUES ($1, $2, (SELECT generation FROM search_index_state))
ON CONFLICT (follower_id, followee_id) DO UPDATE SET generation = excluded.generation

-- name: delete_follow
DELETE FROM search_follows WHERE follower_id = $1 AND followee_id = $2

-- name: delete_follows_of
DELETE FROM search_follows WHERE follower_id = $1 OR followee_id = $1

-- name: user_id_by_username
SELECT id FROM search_users WHERE username = $1

-- name: post_ids_by_author
SELECT id FROM search_posts WHERE author_id = $1

-- name: recent_posts
SELECT p.id, p.author_id, p.media_ids, p.created_at, p.updated_at, p.version, p.body,
       COALESCE(u.username, ''), COALESCE(u.display_name, ''), COALESCE(u.avatar_media_id, ''), 0.0
FROM search_posts p
LEFT JOIN search_users u ON u.id = p.author_id
WHERE (p.visibility = 1 OR p.author_id = $1
       OR EXISTS (SELECT 1 FROM search_follows f WHERE f.follower_id = $1 AND f.followee_id = p.author_id))
  AND ($2 = '' OR p.author_id = $2)
  AND p.created_at >= $3 AND p.created_at < $4
  AND ($5 < 0 OR (CASE WHEN p.media_ids = '' THEN 0 ELSE 1 END) = $5)
ORDER BY p.created_at DESC, p.id DESC
LIMIT $6 OFFSET $7

-- name: users_by_username_prefix
-- As you type: usernames that start with the prefix, in the username index's order ($1 <=
-- username < $2, where $2 is the prefix with its last character raised). The exact username,
-- if there is one, sorts before every longer one, so it comes first, and the scan stops after
-- $3 rows however many names share the prefix.
SELECT id, username, display_name, avatar_media_id,
       CASE WHEN username = $1 THEN 2000.0 ELSE 1000.0 END
FROM search_users
WHERE username >= $1 AND username < $2
ORDER BY username
LIMIT $3

-- Rebuilding in place (see search_store.h).

-- name: begin_rebuild
UPDATE search_index_state SET generation = generation + 1, rebuilding = 1

-- name: finish_rebuild
UPDATE search_index_state SET rebuilding = 0

-- name: index_generation
SELECT generation FROM search_index_state

-- name: add_tombstone
-- Only while a rebuild runs: what it must not bring back.
INSERT INTO search_tombstones (kind, id, other_id)
SELECT $1, $2, $3 FROM search_index_state WHERE rebuilding = 1
ON CONFLICT DO NOTHING

-- name: clear_follow_tombstone
DELETE FROM search_tombstones WHERE kind = 'follow' AND id = $1 AND other_id = $2

-- name: tombstones
SELECT kind, id, other_id FROM search_tombstones

-- name: clear_tombstones
DELETE FROM search_tombstones

-- name: stale_users
-- What a rebuild of generation $1 did not write, or saw deleted.
SELECT id FROM search_users
WHERE generation < $1 OR id IN (SELECT id FROM search_tombstones WHERE kind = 'user')

-- name: stale_posts
SELECT id FROM search_posts
WHERE generation < $1 OR id IN (SELECT id FROM search_tombstones WHERE kind = 'post')
   OR author_id IN (SELECT id FROM search_tombstones WHERE kind = 'user')

-- name: delete_stale_follows
DELETE FROM search_follows
WHERE generation < $1
   OR EXISTS (SELECT 1 FROM search_tombstones t
              WHERE (t.kind = 'follow' AND t.id = search_follows.follower_id
                     AND t.other_id = search_follows.followee_id)
                 OR (t.kind = 'user' AND (t.id = search_follows.follower_id OR t.id = search_follows.followee_id)))
