-- PostgreSQL versions of queries that differ by engine.

-- name: lock_profiles
-- Follow, unfollow and account deletion lock the profiles whose counts they change, always in
-- id order, so that concurrent changes to one pair see each other and counts stay exact.
SELECT id FROM profiles WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE
