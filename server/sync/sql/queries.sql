-- Named queries of the sync service, run on SQLite and PostgreSQL alike. Kinds are
-- devcoll.sync.v1.EntityKind numbers (1 profile, 2 follow, 3 post, 4 comment, 5 like, 6 media,
-- 8 notification, 9 notification state).
-- Parameters in a SELECT list are CAST so that PostgreSQL knows their types. Every write to a
-- log returns the users it reached, whose Subscribe streams are then woken.

-- name: next_position
UPDATE sync_sequence SET value = value + 1 RETURNING value

-- name: current_position
SELECT value FROM sync_sequence

-- name: upsert_entity
INSERT INTO sync_entities (kind, entity_id, version, changed_at, payload) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (kind, entity_id) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at,
    payload = excluded.payload

-- name: delete_entity
DELETE FROM sync_entities WHERE kind = $1 AND entity_id = $2

-- name: entity_exists
SELECT 1 FROM sync_entities WHERE kind = $1 AND entity_id = $2

-- name: log_to_user
-- User $1 gets entity ($2, $3) at position $4 ($5: tombstone), unless the account was deleted
-- (an event of another service that arrives after USER_DELETED).
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT CAST($1 AS TEXT), CAST($2 AS INTEGER), CAST($3 AS TEXT), CAST($4 AS BIGINT), CAST($5 AS INTEGER),
       CAST($6 AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM sync_deleted_users d WHERE d.user_id = $1)
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: log_to_followers
-- The followers of $1 get entity ($2, $3) at position $4 ($5: tombstone).
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT f.follower_id, CAST($2 AS INTEGER), CAST($3 AS TEXT), CAST($4 AS BIGINT), CAST($5 AS INTEGER),
       CAST($6 AS BIGINT)
FROM sync_follows f WHERE f.followee_id = $1
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: log_to_followees
-- Those $1 follows get entity ($2, $3) at position $4 ($5: tombstone).
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT f.followee_id, CAST($2 AS INTEGER), CAST($3 AS TEXT), CAST($4 AS BIGINT), CAST($5 AS INTEGER),
       CAST($6 AS BIGINT)
FROM sync_follows f WHERE f.follower_id = $1
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: log_to_holders
-- Everyone whose log holds entity ($1, $2) in view gets entity ($3, $4) at position $5 ($6:
-- tombstone): a comment reaches who sees its post, a deletion who holds what was deleted.
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT l.user_id, CAST($3 AS INTEGER), CAST($4 AS TEXT), CAST($5 AS BIGINT), CAST($6 AS INTEGER),
       CAST($7 AS BIGINT)
FROM sync_log l WHERE l.kind = $1 AND l.entity_id = $2 AND l.tombstone = 0
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: log_recent_posts
-- A new follower $2 gets the followee's ($1) posts since $5, the newest $6 of them, but none a
-- moderator hid.
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT CAST($2 AS TEXT), 3, p.id, CAST($3 AS BIGINT), 0, CAST($4 AS BIGINT)
FROM sync_posts p WHERE p.author_id = $1 AND p.created_at >= $5 AND p.hidden = 0
ORDER BY p.created_at DESC
LIMIT $6
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: unlog_followee_posts
-- An unfollower $1 loses the posts of $2 (held through the audience log or their own): a
-- replica ends as a new snapshot would, which holds no posts of people one does not follow.
INSERT INTO sync_log (user_id, kind, entity_id, seq, tombstone, changed_at)
SELECT CAST($1 AS TEXT), 3, p.id, CAST($3 AS BIGINT), 1, CAST($4 AS BIGINT)
FROM sync_posts p WHERE p.author_id = $2
ON CONFLICT (user_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at
RETURNING user_id

-- name: log_to_audience
-- The followers of $1 see entity ($2, $3) at position $4 ($5: tombstone).
INSERT INTO sync_audience_log (author_id, kind, entity_id, seq, tombstone, changed_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (author_id, kind, entity_id) DO UPDATE SET seq = excluded.seq, tombstone = excluded.tombstone,
    changed_at = excluded.changed_at

-- name: unlog_from_audience
-- Entity ($1, $2) leaves whichever audience log holds it, at position $3.
UPDATE sync_audience_log SET seq = $3, tombstone = 1, changed_at = $4
WHERE kind = $1 AND entity_id = $2 AND tombstone = 0 AND author_id = $5

-- name: post_author
SELECT author_id FROM sync_posts WHERE id = $1

-- name: followers_of
SELECT follower_id FROM sync_follows WHERE followee_id = $1

-- name: delete_notifications_of
-- A deleted user's notifications and their state, which only their own log holds.
DELETE FROM sync_entities
WHERE kind IN (8, 9) AND entity_id IN (SELECT entity_id FROM sync_log WHERE user_id = $1 AND kind IN (8, 9))

-- name: mark_deleted
INSERT INTO sync_deleted_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING

-- name: is_deleted
SELECT 1 FROM sync_deleted_users WHERE user_id = $1

-- name: delete_log_of
DELETE FROM sync_log WHERE user_id = $1

-- name: delete_horizon_of
DELETE FROM sync_horizons WHERE user_id = $1

-- name: insert_follow
INSERT INTO sync_follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING

-- name: delete_follow
DELETE FROM sync_follows WHERE follower_id = $1 AND followee_id = $2

-- name: follows_of
SELECT follower_id, followee_id FROM sync_follows WHERE follower_id = $1 OR followee_id = $1

-- name: upsert_post
INSERT INTO sync_posts (id, author_id, visibility, created_at, hidden) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE SET visibility = excluded.visibility, hidden = excluded.hidden

-- name: delete_post
DELETE FROM sync_posts WHERE id = $1

-- name: changes_after
-- A user's changes after a position, oldest first: their own log and the audience logs of the
-- people they follow. A row whose entity is gone reads as a tombstone.
SELECT c.seq, c.kind, c.entity_id, c.tombstone, c.changed_at, COALESCE(e.version, 0), COALESCE(e.payload, '')
FROM (SELECT l.seq, l.kind, l.entity_id, l.tombstone, l.changed_at
      FROM sync_log l
      WHERE l.user_id = $1 AND (l.seq, l.kind, l.entity_id) > ($2, $3, $4)
      UNION
      SELECT a.seq, a.kind, a.entity_id, a.tombstone, a.changed_at
      FROM sync_follows f JOIN sync_audience_log a ON a.author_id = f.followee_id
      WHERE f.follower_id = $1 AND (a.seq, a.kind, a.entity_id) > ($2, $3, $4)) c
LEFT JOIN sync_entities e ON e.kind = c.kind AND e.entity_id = c.entity_id
ORDER BY c.seq, c.kind, c.entity_id
LIMIT $5

-- name: snapshot_page
-- What a user's view holds at position $2, after ($3, $4, $5): no tombstones, and of other
-- people's posts only those since $6. An entity the user's own log holds as a tombstone (a
-- post of someone unfollowed and followed again) comes from the audience log.
SELECT c.seq, c.kind, c.entity_id, c.tombstone, c.changed_at, e.version, e.payload
FROM (SELECT l.seq, l.kind, l.entity_id, l.tombstone, l.changed_at
      FROM sync_log l
      WHERE l.user_id = $1 AND l.tombstone = 0 AND l.seq <= $2 AND (l.seq, l.kind, l.entity_id) > ($3, $4, $5)
      UNION
      SELECT a.seq, a.kind, a.entity_id, a.tombstone, a.changed_at
      FROM sync_follows f JOIN sync_audience_log a ON a.author_id = f.followee_id
      WHERE f.follower_id = $1 AND a.tombstone = 0 AND a.seq <= $2
        AND (a.seq, a.kind, a.entity_id) > ($3, $4, $5)) c
JOIN sync_entities e ON e.kind = c.kind AND e.entity_id = c.entity_id
LEFT JOIN sync_posts p ON c.kind = 3 AND p.id = c.entity_id
WHERE c.kind <> 3 OR p.author_id = $1 OR p.created_at >= $6
ORDER BY c.seq, c.kind, c.entity_id
LIMIT $7

-- name: view_refs
-- What a user's view holds now, by name (as snapshot_page reads it, without the contents): at
-- most $3 entities, of other people's posts only those since $2.
SELECT c.kind, c.entity_id
FROM (SELECT l.kind, l.entity_id FROM sync_log l WHERE l.user_id = $1 AND l.tombstone = 0
      UNION
      SELECT a.kind, a.entity_id
      FROM sync_follows f JOIN sync_audience_log a ON a.author_id = f.followee_id
      WHERE f.follower_id = $1 AND a.tombstone = 0) c
JOIN sync_entities e ON e.kind = c.kind AND e.entity_id = c.entity_id
LEFT JOIN sync_posts p ON c.kind = 3 AND p.id = c.entity_id
WHERE c.kind <> 3 OR p.author_id = $1 OR p.created_at >= $2
ORDER BY c.kind, c.entity_id
LIMIT $3

-- name: log_sizes
SELECT (SELECT COUNT(*) FROM sync_log), (SELECT COUNT(*) FROM sync_audience_log),
       (SELECT COUNT(*) FROM sync_entities), (SELECT value FROM sync_sequence)

-- name: horizon_of
SELECT COALESCE(MAX(seq), 0) FROM sync_horizons WHERE user_id = $1 OR user_id = ''

-- name: raise_horizons
-- Before tombstones older than $1 go, each user's horizon rises to the newest of theirs.
INSERT INTO sync_horizons (user_id, seq)
SELECT user_id, MAX(seq) FROM sync_log WHERE tombstone = 1 AND changed_at < $1 GROUP BY user_id
ON CONFLICT (user_id) DO UPDATE SET seq = CASE WHEN excluded.seq > sync_horizons.seq THEN excluded.seq
                                               ELSE sync_horizons.seq END

-- name: raise_audience_horizon
-- Audience logs are read by every follower: their tombstones raise one horizon for all (the
-- row of user '').
INSERT INTO sync_horizons (user_id, seq)
SELECT '', MAX(seq) FROM sync_audience_log WHERE tombstone = 1 AND changed_at < $1 HAVING COUNT(*) > 0
ON CONFLICT (user_id) DO UPDATE SET seq = CASE WHEN excluded.seq > sync_horizons.seq THEN excluded.seq
                                               ELSE sync_horizons.seq END

-- name: purge_tombstones
DELETE FROM sync_log WHERE tombstone = 1 AND changed_at < $1

-- name: purge_audience_tombstones
DELETE FROM sync_audience_log WHERE tombstone = 1 AND changed_at < $1
