-- Named queries of the notification service, run on SQLite and PostgreSQL alike. Kinds are
-- devcoll.notification.v1.NotificationKind numbers (1 follow, 2 like, 3 comment, 4 reply,
-- 5 mention). Parameters in a SELECT list are CAST so that PostgreSQL knows their types.

-- name: upsert_profile
INSERT INTO notif_profiles (user_id, username, username_lower, display_name) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, username_lower = excluded.username_lower,
    display_name = excluded.display_name

-- name: delete_profile
DELETE FROM notif_profiles WHERE user_id = $1

-- name: mark_deleted
INSERT INTO notif_deleted_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING

-- name: is_deleted
SELECT 1 FROM notif_deleted_users WHERE user_id = $1

-- name: user_named
SELECT user_id FROM notif_profiles WHERE username_lower = $1 ORDER BY user_id LIMIT 1

-- name: insert_follow
INSERT INTO notif_follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING

-- name: delete_follow
DELETE FROM notif_follows WHERE follower_id = $1 AND followee_id = $2

-- name: delete_follows_of
DELETE FROM notif_follows WHERE follower_id = $1 OR followee_id = $1

-- name: follows
SELECT 1 FROM notif_follows WHERE follower_id = $1 AND followee_id = $2

-- name: upsert_post
INSERT INTO notif_posts (post_id, author_id, visibility, hidden, excerpt) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (post_id) DO UPDATE SET visibility = excluded.visibility, hidden = excluded.hidden,
    excerpt = excluded.excerpt

-- name: post_by_id
SELECT author_id, visibility, hidden, excerpt FROM notif_posts WHERE post_id = $1

-- name: delete_post
DELETE FROM notif_posts WHERE post_id = $1

-- name: insert_comment
INSERT INTO notif_comments (comment_id, post_id, author_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING

-- name: comment_author
SELECT author_id FROM notif_comments WHERE comment_id = $1

-- name: delete_comment
DELETE FROM notif_comments WHERE comment_id = $1

-- name: delete_comments_of_post
DELETE FROM notif_comments WHERE post_id = $1

-- name: mark_notified
-- Empty RETURNING when ($1, $2, $3, $4) notified before.
INSERT INTO notified (recipient_id, kind, subject_id, actor_id) VALUES ($1, $2, $3, $4)
ON CONFLICT DO NOTHING
RETURNING recipient_id

-- name: delivery_of
SELECT delivery FROM notification_preferences WHERE recipient_id = $1 AND kind = $2

-- name: preferences_of
SELECT kind, delivery FROM notification_preferences WHERE recipient_id = $1

-- name: set_preference
INSERT INTO notification_preferences (recipient_id, kind, delivery) VALUES ($1, $2, $3)
ON CONFLICT (recipient_id, kind) DO UPDATE SET delivery = excluded.delivery

-- name: bump_inbox
-- A new revision, and with $2 = 1 a new sequence as well (the inbox made on first use):
-- latest_sequence, read_up_to, revision.
INSERT INTO notification_inboxes (recipient_id, latest_sequence, read_up_to, revision) VALUES ($1, $2, 0, 1)
ON CONFLICT (recipient_id) DO UPDATE
SET latest_sequence = notification_inboxes.latest_sequence + excluded.latest_sequence,
    revision = notification_inboxes.revision + 1
RETURNING latest_sequence, read_up_to, revision

-- name: mark_read
-- Moves the read mark up to $2 (never back, never past the latest sequence).
UPDATE notification_inboxes
SET read_up_to = CASE WHEN $2 > latest_sequence THEN latest_sequence ELSE $2 END, revision = revision + 1
WHERE recipient_id = $1 AND read_up_to < $2 AND read_up_to < latest_sequence
RETURNING latest_sequence, read_up_to, revision

-- name: inbox_of
SELECT latest_sequence, read_up_to, revision FROM notification_inboxes WHERE recipient_id = $1

-- name: delete_inbox
DELETE FROM notification_inboxes WHERE recipient_id = $1

-- name: unread_count
SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND sequence > $2

-- name: open_group
-- The newest notification of a kind about a subject, to join while it is unread.
SELECT id, sequence FROM notifications WHERE recipient_id = $1 AND kind = $2 AND group_key = $3
ORDER BY sequence DESC
LIMIT 1

-- name: insert_notification
INSERT INTO notifications (id, recipient_id, kind, group_key, post_id, sequence, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)

-- name: raise_notification
UPDATE notifications SET sequence = $2, updated_at = $3 WHERE id = $1

-- name: insert_actor
INSERT INTO notification_actors (notification_id, actor_id, source_id, excerpt, at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING

-- name: notification_by_id
SELECT id, recipient_id, kind, post_id, sequence, created_at, updated_at FROM notifications WHERE id = $1

-- name: notifications_page
-- A recipient's notifications below sequence $2, newest first; with $3 = 1 only those above
-- the read mark $4.
SELECT id, recipient_id, kind, post_id, sequence, created_at, updated_at FROM notifications
WHERE recipient_id = $1 AND sequence < $2 AND ($3 = 0 OR sequence > $4)
ORDER BY sequence DESC
LIMIT $5

-- name: newest_actors
-- A notification's newest actors (each once) with their names as this service knows them, and
-- on each row how many people it holds in all.
SELECT g.actor_id, g.last_at, g.username, g.display_name, COUNT(*) OVER ()
FROM (SELECT a.actor_id, MAX(a.at) AS last_at, COALESCE(MAX(p.username), '') AS username,
             COALESCE(MAX(p.display_name), '') AS display_name
      FROM notification_actors a LEFT JOIN notif_profiles p ON p.user_id = a.actor_id
      WHERE a.notification_id = $1
      GROUP BY a.actor_id) g
ORDER BY g.last_at DESC, g.actor_id
LIMIT $2

-- name: newest_activity
SELECT source_id, excerpt FROM notification_actors WHERE notification_id = $1 ORDER BY at DESC, source_id DESC
LIMIT 1

-- name: notifications_from_source
-- The notifications (and their recipients) that activity $1 (a comment or post) contributed to.
SELECT DISTINCT n.id, n.recipient_id FROM notification_actors a JOIN notifications n ON n.id = a.notification_id
WHERE a.source_id = $1

-- name: delete_actors_from_source
DELETE FROM notification_actors WHERE source_id = $1

-- name: notifications_with_actor
SELECT DISTINCT n.id, n.recipient_id FROM notification_actors a JOIN notifications n ON n.id = a.notification_id
WHERE a.actor_id = $1

-- name: delete_actors_of
DELETE FROM notification_actors WHERE actor_id = $1

-- name: has_actors
SELECT 1 FROM notification_actors WHERE notification_id = $1 LIMIT 1

-- name: notifications_about_post
SELECT id, recipient_id FROM notifications WHERE post_id = $1

-- name: mentions_in_post
-- The mention notifications a post (or its comments) made for others than its author.
SELECT id, recipient_id FROM notifications WHERE post_id = $1 AND kind = 5

-- name: delete_notification
DELETE FROM notifications WHERE id = $1

-- name: delete_actors_of_notification
DELETE FROM notification_actors WHERE notification_id = $1

-- name: delete_notifications_of
DELETE FROM notifications WHERE recipient_id = $1

-- name: delete_actors_of_recipient
DELETE FROM notification_actors
WHERE notification_id IN (SELECT id FROM notifications WHERE recipient_id = $1)

-- name: delete_notified_of
DELETE FROM notified WHERE recipient_id = $1

-- name: delete_preferences_of
DELETE FROM notification_preferences WHERE recipient_id = $1

-- name: backfilled
SELECT done_at FROM notif_backfill

-- name: mark_backfilled
INSERT INTO notif_backfill (id, done_at) VALUES (1, $1) ON CONFLICT DO NOTHING
