-- As ../V003: partial indexes over live posts, per author and in time order. PostgreSQL has
-- no rowid, so the order posts were stored in is a sequence of its own (seq), for the feed.
DROP INDEX posts_by_author;
CREATE INDEX posts_live_by_author ON posts (author_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX posts_live_by_time ON posts (created_at, id, author_id) WHERE deleted_at IS NULL;
ALTER TABLE posts ADD COLUMN seq BIGSERIAL;
CREATE INDEX posts_by_seq ON posts (seq);
