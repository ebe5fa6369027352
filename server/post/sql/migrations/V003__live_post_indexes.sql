-- The feed and the profile lists read live posts only, newest first: per author, or in time
-- order across everyone. Partial indexes keep tombstones out of both and hold every column
-- those reads filter and sort on, so the table itself is read only for the rows of the page.
-- The feed also needs the order posts were stored in: on SQLite that is the rowid, free.
DROP INDEX posts_by_author;
CREATE INDEX posts_live_by_author ON posts (author_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX posts_live_by_time ON posts (created_at, id, author_id) WHERE deleted_at IS NULL;
