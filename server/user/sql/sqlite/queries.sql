-- SQLite versions of queries that differ by engine.

-- name: lock_profiles
-- Write transactions on SQLite already run one at a time (BEGIN IMMEDIATE): nothing to lock.
SELECT id FROM profiles WHERE id = $1 OR id = $2
