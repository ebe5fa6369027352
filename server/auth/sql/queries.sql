-- Named queries of the auth service, run on SQLite and PostgreSQL alike.
-- Times are microseconds since the Unix epoch.

-- name: insert_credential
INSERT INTO credentials (user_id, username, username_lower, email, email_lower, display_name, password_hash, roles,
                         created_at, password_changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
ON CONFLICT DO NOTHING

-- name: credential_taken
SELECT CASE WHEN username_lower = $1 THEN 'username' ELSE 'email' END
FROM credentials WHERE username_lower = $1 OR email_lower = $2
LIMIT 1

-- name: credential_by_login
SELECT user_id, username, display_name, email, password_hash, roles
FROM credentials WHERE username_lower = $1 OR email_lower = $1

-- name: credential_by_id
SELECT user_id, username, display_name, email, password_hash, roles
FROM credentials WHERE user_id = $1

-- name: credential_by_email
SELECT user_id, username, display_name, email, password_hash, roles
FROM credentials WHERE email_lower = $1

-- name: update_roles
UPDATE credentials SET roles = $2 WHERE user_id = $1

-- name: update_password
UPDATE credentials SET password_hash = $2, password_changed_at = $3 WHERE user_id = $1

-- name: delete_credential
DELETE FROM credentials WHERE user_id = $1

-- name: lock_credential
-- The account's row, locked until the transaction ends: a deletion waits for it, or it finds
-- nothing once the deletion committed.
UPDATE credentials SET user_id = user_id WHERE user_id = $1 RETURNING user_id

-- name: insert_session
INSERT INTO sessions (id, user_id, device_name, peer, created_at, last_used_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $5, $6)

-- name: session_by_id
SELECT id, user_id, device_name, peer, created_at, last_used_at, expires_at, revoked_at
FROM sessions WHERE id = $1

-- name: live_sessions_of_user
SELECT id, user_id, device_name, peer, created_at, last_used_at, expires_at, revoked_at
FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
ORDER BY last_used_at DESC

-- name: touch_session
UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE id = $1

-- name: revoke_session
UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL

-- name: revoke_sessions_of_user_except
UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL

-- name: insert_refresh_token
INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)

-- name: refresh_token_by_hash
SELECT r.session_id, r.expires_at, r.used_at, s.user_id, s.revoked_at, s.expires_at, r.replaced_by
FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
WHERE r.token_hash = $1

-- name: link_refresh_token
UPDATE refresh_tokens SET replaced_by = $2 WHERE token_hash = $1

-- name: spend_refresh_token
UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL

-- name: insert_reset_token
INSERT INTO reset_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)

-- name: spend_reset_token
UPDATE reset_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2

-- name: reset_token_user
SELECT user_id FROM reset_tokens WHERE token_hash = $1

-- name: reset_token_usable
SELECT user_id FROM reset_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2

-- name: delete_reset_tokens_of_user
DELETE FROM reset_tokens WHERE user_id = $1

-- name: count_rate_events
SELECT COUNT(*), MIN(at) FROM rate_events WHERE bucket = $1 AND subject = $2 AND at > $3

-- name: insert_rate_event
INSERT INTO rate_events (bucket, subject, at, attempt_id) VALUES ($1, $2, $3, $4)

-- name: delete_rate_event
DELETE FROM rate_events WHERE attempt_id = $1

-- name: clear_rate_events
DELETE FROM rate_events WHERE bucket = $1 AND subject = $2

-- name: prune_rate_events
DELETE FROM rate_events WHERE at < $1
