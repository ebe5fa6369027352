-- The sync service's per-user change logs, kept from events (fan-out on write). Each user's log
-- holds one row per entity in their view, at the position (seq) of its latest change: a newer
-- change of the same entity replaces the row (compaction), so the log is at once the user's
-- current state (for Snapshot) and what changed after any position (for Pull). An entity's
-- content is stored once, in sync_entities, however many logs hold it.
CREATE TABLE sync_entities (
    kind INTEGER NOT NULL,  -- devcoll.sync.v1.EntityKind
    entity_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    payload TEXT NOT NULL,  -- the entity as protobuf JSON
    PRIMARY KEY (kind, entity_id)
);

CREATE TABLE sync_log (
    user_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    -- Positions come from sync_sequence; one change reaching many users has one position.
    seq BIGINT NOT NULL,
    tombstone INTEGER NOT NULL,  -- 1: deleted, or no longer in this user's view
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind, entity_id)
);
CREATE INDEX sync_log_by_position ON sync_log (user_id, seq, kind, entity_id);
CREATE INDEX sync_log_by_entity ON sync_log (kind, entity_id);

CREATE TABLE sync_sequence (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO sync_sequence (id, value) VALUES (1, 0);

-- Tombstones are kept for the retention period; a user's log holds no tombstone at or below
-- their horizon, so a cursor below it cannot be continued change by change.
CREATE TABLE sync_horizons (
    user_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
);

-- Who sees what, from the events: the follow graph and the audience of each live post.
CREATE TABLE sync_follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX sync_follows_by_followee ON sync_follows (followee_id, follower_id);

CREATE TABLE sync_posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    visibility INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX sync_posts_by_author ON sync_posts (author_id, created_at);
