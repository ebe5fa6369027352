-- PostgreSQL versions of queries that differ by engine.

-- name: lock_rate_subject
-- Serialises the count-then-record of one throttling subject across connections and replicas.
SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2))
