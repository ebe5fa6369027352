-- Named queries of the moderation service, run on SQLite and PostgreSQL alike. Report rows are
-- always selected with the same columns, read by reportFrom() in C++: id, subject_kind,
-- subject_id, subject_author_id, subject_excerpt, state, created_at, resolved_by_action_id,
-- resolved_at. Action rows likewise for actionFrom(): id, kind, moderator_id, subject_kind,
-- subject_id, affected_user_id, reason, report_id, created_at, suspended_until.

-- name: open_report_of
SELECT id, subject_kind, subject_id, subject_author_id, subject_excerpt, state, created_at, resolved_by_action_id,
       resolved_at
FROM reports WHERE subject_kind = $1 AND subject_id = $2 AND state = 1

-- name: report_by_id
SELECT id, subject_kind, subject_id, subject_author_id, subject_excerpt, state, created_at, resolved_by_action_id,
       resolved_at
FROM reports WHERE id = $1

-- name: insert_report
INSERT INTO reports (id, subject_kind, subject_id, subject_author_id, subject_excerpt, state, created_at)
VALUES ($1, $2, $3, $4, $5, 1, $6)
ON CONFLICT DO NOTHING

-- name: upsert_complaint
-- A reporter's second complaint about the same open report replaces their first.
INSERT INTO complaints (report_id, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (report_id, reporter_id) DO UPDATE SET reason = excluded.reason, note = excluded.note

-- name: complaints_of
SELECT reporter_id, reason, note, created_at FROM complaints WHERE report_id = $1 ORDER BY created_at, reporter_id

-- name: recent_complaints_by
SELECT COUNT(*), MIN(created_at) FROM complaints WHERE reporter_id = $1 AND created_at > $2

-- name: reports_page
-- The queue, oldest first after ($3, $4); $2 = 0 means every kind.
SELECT id, subject_kind, subject_id, subject_author_id, subject_excerpt, state, created_at, resolved_by_action_id,
       resolved_at
FROM reports
WHERE state = $1 AND ($2 = 0 OR subject_kind = $2) AND (created_at > $3 OR (created_at = $3 AND id > $4))
ORDER BY created_at, id
LIMIT $5

-- name: reports_about_author
SELECT id, subject_kind, subject_id, subject_author_id, subject_excerpt, state, created_at, resolved_by_action_id,
       resolved_at
FROM reports WHERE subject_author_id = $1 AND id <> $2
ORDER BY created_at DESC, id DESC
LIMIT $3

-- name: resolve_report
UPDATE reports SET state = 2, resolved_by_action_id = $2, resolved_at = $3 WHERE id = $1 AND state = 1

-- name: insert_action
INSERT INTO actions (id, kind, moderator_id, subject_kind, subject_id, affected_user_id, reason, report_id,
                     created_at, suspended_until)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)

-- name: action_by_id
SELECT id, kind, moderator_id, subject_kind, subject_id, affected_user_id, reason, report_id, created_at,
       suspended_until
FROM actions WHERE id = $1

-- name: actions_page
-- Newest first (by the server's clock, not by client-chosen ids), below ($2, $3) (from the
-- newest when $2 is -1); $1 = '' means every user.
SELECT id, kind, moderator_id, subject_kind, subject_id, affected_user_id, reason, report_id, created_at,
       suspended_until
FROM actions
WHERE ($1 = '' OR affected_user_id = $1) AND (CAST($2 AS BIGINT) = -1 OR created_at < $2 OR (created_at = $2 AND id < $3))
ORDER BY created_at DESC, id DESC
LIMIT $4

-- name: count_actions_on
SELECT COUNT(*) FROM actions WHERE subject_kind = $1 AND subject_id = $2

-- name: hidden_post
SELECT action_id FROM hidden_posts WHERE post_id = $1

-- name: insert_hidden_post
INSERT INTO hidden_posts (post_id, author_id, action_id) VALUES ($1, $2, $3)
ON CONFLICT (post_id) DO NOTHING

-- name: delete_hidden_post
DELETE FROM hidden_posts WHERE post_id = $1

-- name: upsert_suspended_account
INSERT INTO suspended_accounts (user_id, until, action_id) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, action_id = excluded.action_id

-- name: delete_suspension_in_force
-- A suspension for good (until 0) or one that has not ended by $2.
DELETE FROM suspended_accounts WHERE user_id = $1 AND (until = 0 OR until > $2)

-- name: upsert_staff_roles
INSERT INTO staff_roles (user_id, roles, as_of) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET roles = excluded.roles, as_of = excluded.as_of
WHERE staff_roles.as_of <= excluded.as_of

-- name: staff_roles_of
SELECT roles FROM staff_roles WHERE user_id = $1

-- name: removed_post
SELECT action_id FROM removed_posts WHERE post_id = $1

-- name: insert_removed_post
INSERT INTO removed_posts (post_id, author_id, action_id) VALUES ($1, $2, $3)
ON CONFLICT (post_id) DO NOTHING

-- name: ended_suspensions
-- Suspensions for a period that ended by $1, oldest end first.
SELECT user_id FROM suspended_accounts WHERE until > 0 AND until <= $1 ORDER BY until LIMIT $2

-- name: delete_ended_suspension
DELETE FROM suspended_accounts WHERE user_id = $1 AND until > 0 AND until <= $2

-- name: hidden_comment
SELECT action_id FROM hidden_comments WHERE comment_id = $1

-- name: insert_hidden_comment
INSERT INTO hidden_comments (comment_id, author_id, action_id) VALUES ($1, $2, $3)
ON CONFLICT (comment_id) DO NOTHING

-- name: delete_hidden_comment
DELETE FROM hidden_comments WHERE comment_id = $1

-- name: removed_comment
SELECT action_id FROM removed_comments WHERE comment_id = $1

-- name: insert_removed_comment
INSERT INTO removed_comments (comment_id, author_id, action_id) VALUES ($1, $2, $3)
ON CONFLICT (comment_id) DO NOTHING
