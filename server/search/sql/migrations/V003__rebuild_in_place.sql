-- Rebuilds in place (devcoll-server reindex, see search_store.h): every entry is marked with
-- the generation of the index that wrote it, and what is deleted while a rebuild runs leaves a
-- tombstone, so that the rebuild neither brings it back nor keeps what no longer exists.
ALTER TABLE search_users ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE search_posts ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE search_follows ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

CREATE TABLE search_index_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    rebuilding INTEGER NOT NULL
);
INSERT INTO search_index_state (id, generation, rebuilding) VALUES (1, 0, 0);

-- kind: user, post or follow (id: the follower, other_id: the followee).
CREATE TABLE search_tombstones (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    PRIMARY KEY (kind, id, other_id)
);
