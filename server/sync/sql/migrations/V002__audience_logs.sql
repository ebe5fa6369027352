-- What every follower of an author sees of the author's posts (and the comments on them) is
-- written once, to the author's audience log, instead of once into each follower's log: a
-- replica's Pull reads its own log and the audience logs of the people it follows. Writing a
-- post into a thousand followers' logs touched a thousand scattered index pages per commit.
CREATE TABLE sync_audience_log (
    author_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    tombstone INTEGER NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (author_id, kind, entity_id)
);
CREATE INDEX sync_audience_log_by_position ON sync_audience_log (author_id, seq, kind, entity_id);
