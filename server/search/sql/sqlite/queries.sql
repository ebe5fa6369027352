-- SQLite: terms live in FTS5 tables beside the rows, rowid for rowid.

-- name: upsert_user
-- Writes when newer than the entry ($7 = 0), or at least as new ($7 = 1: a rebuild's refresh).
INSERT INTO search_users (id, username, display_name, bio, avatar_media_id, version, generation)
VALUES ($1, $2, $3, $4, $5, $6, (SELECT generation FROM search_index_state))
ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
    bio = excluded.bio, avatar_media_id = excluded.avatar_media_id, version = excluded.version,
    generation = excluded.generation
WHERE excluded.version > search_users.version - $7

-- name: user_rowid
SELECT rowid FROM search_users WHERE id = $1

-- name: delete_user_terms
DELETE FROM search_users_fts WHERE rowid = $1

-- name: insert_user_terms
INSERT INTO search_users_fts (rowid, name, bio) VALUES ($1, $2, $3)

-- name: delete_user
DELETE FROM search_users WHERE id = $1

-- name: upsert_post
-- Writes when newer than the entry ($9 = 0), or at least as new ($9 = 1: a rebuild's refresh).
INSERT INTO search_posts (id, author_id, body, media_ids, visibility, created_at, updated_at, version, generation)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT generation FROM search_index_state))
ON CONFLICT (id) DO UPDATE SET body = excluded.body, media_ids = excluded.media_ids,
    visibility = excluded.visibility, updated_at = excluded.updated_at, version = excluded.version,
    generation = excluded.generation
WHERE excluded.version > search_posts.version - $9

-- name: post_rowid
SELECT rowid FROM search_posts WHERE id = $1

-- name: delete_post_terms
DELETE FROM search_posts_fts WHERE rowid = $1

-- name: insert_post_terms
INSERT INTO search_posts_fts (rowid, terms) VALUES ($1, $2)

-- name: delete_post
DELETE FROM search_posts WHERE id = $1

-- name: search_users
-- A name matters more than a bio; the exact username comes first.
SELECT u.id, u.username, u.display_name, u.avatar_media_id,
       -bm25(search_users_fts, 10.0, 1.0) + CASE WHEN u.username = $2 THEN 1000.0 ELSE 0.0 END AS score
FROM search_users_fts
JOIN search_users u ON u.rowid = search_users_fts.rowid
WHERE search_users_fts MATCH $1
ORDER BY score DESC, u.username
LIMIT $3 OFFSET $4

-- name: search_posts
SELECT p.id, p.author_id, p.media_ids, p.created_at, p.updated_at, p.version, p.body,
       COALESCE(u.username, ''), COALESCE(u.display_name, ''), COALESCE(u.avatar_media_id, ''),
       -bm25(search_posts_fts) AS score
FROM search_posts_fts
JOIN search_posts p ON p.rowid = search_posts_fts.rowid
LEFT JOIN search_users u ON u.id = p.author_id
WHERE search_posts_fts MATCH $1
  AND (p.visibility = 1 OR p.author_id = $2
       OR EXISTS (SELECT 1 FROM search_follows f WHERE f.follower_id = $2 AND f.followee_id = p.author_id))
  AND ($3 = '' OR p.author_id = $3)
  AND p.created_at >= $4 AND p.created_at < $5
  AND ($6 < 0 OR (CASE WHEN p.media_ids = '' THEN 0 ELSE 1 END) = $6)
ORDER BY score DESC, p.created_at DESC, p.id DESC
LIMIT $7 OFFSET $8
