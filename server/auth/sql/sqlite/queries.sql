-- SQLite versions of queries that differ by engine.

-- name: lock_rate_subject
-- Write transactions on SQLite already run one at a time (BEGIN IMMEDIATE).
SELECT 1
