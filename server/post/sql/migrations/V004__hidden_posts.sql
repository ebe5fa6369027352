-- Posts a moderator hid: seen by their author only (with the reason), in nobody's feed. The
-- feed's time-order index leaves them out like tombstones, so that the feed still reads only
-- the index until its page is found.
ALTER TABLE posts ADD COLUMN hidden_at BIGINT;
ALTER TABLE posts ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
DROP INDEX posts_live_by_time;
CREATE INDEX posts_live_by_time ON posts (created_at, id, author_id) WHERE deleted_at IS NULL AND hidden_at IS NULL;
