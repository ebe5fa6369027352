-- When the facts from before this service first ran (accounts, follows, posts) were read from
-- the user and post services: once per database (facts_backfill.h).
CREATE TABLE notif_backfill (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    done_at BIGINT NOT NULL
);
