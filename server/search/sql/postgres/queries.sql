-- PostgreSQL: each row carries its terms as a tsvector (a literal made by search_text.h).

-- name: upsert_user
-- Writes when newer than the entry ($9 = 0), or at least as new ($9 = 1: a rebuild's refresh).
INSERT INTO search_users (id, username, display_name, bio, avatar_media_id, version, terms, generation)
VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector || $8::tsvector, (SELECT generation FROM search_index_state))
ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
    bio = excluded.bio, avatar_media_id = excluded.avatar_media_id, version = excluded.version,
    terms = excluded.terms, generation = excluded.generation
WHERE excluded.version > search_users.version - $9

-- name: delete_user
DELETE FROM search_users WHERE id = $1

-- name: upsert_post
-- Writes when newer than the entry ($10 = 0), or at least as new ($10 = 1: a rebuild's refresh).
INSERT INTO search_posts (id, author_id, body, media_ids, visibility, created_at, updated_at, version, terms,
                          generation)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::tsvector, (SELECT generation FROM search_index_state))
ON CONFLICT (id) DO UPDATE SET body = excluded.body, media_ids = excluded.media_ids,
    visibility = excluded.visibility, updated_at = excluded.updated_at, version = excluded.version,
    terms = excluded.terms, generation = excluded.generation
WHERE excluded.version > search_posts.version - $10

-- name: delete_post
DELETE FROM search_posts WHERE id = $1

-- name: search_users
-- A name (weight A) matters more than a bio; the exact username comes first.
SELECT u.id, u.username, u.display_name, u.avatar_media_id,
       ts_rank(u.terms, $1::tsquery) + CASE WHEN u.username = $2 THEN 1000.0 ELSE 0.0 END AS score
FROM search_users u
WHERE u.terms @@ $1::tsquery
ORDER BY score DESC, u.username
LIMIT $3 OFFSET $4

-- name: search_posts
SELECT p.id, p.author_id, p.media_ids, p.created_at, p.updated_at, p.version, p.body,
       COALESCE(u.username, ''), COALESCE(u.display_name, ''), COALESCE(u.avatar_media_id, ''),
       ts_rank(p.terms, $1::tsquery) AS score
FROM search_posts p
LEFT JOIN search_users u ON u.id = p.author_id
WHERE p.terms @@ $1::tsquery
  AND (p.visibility = 1 OR p.author_id = $2
       OR EXISTS (SELECT 1 FROM search_follows f WHERE f.follower_id = $2 AND f.followee_id = p.author_id))
  AND ($3 = '' OR p.author_id = $3)
  AND p.created_at >= $4 AND p.created_at < $5
  AND ($6 < 0 OR (CASE WHEN p.media_ids = '' THEN 0 ELSE 1 END) = $6)
ORDER BY score DESC, p.created_at DESC, p.id DESC
LIMIT $7 OFFSET $8
