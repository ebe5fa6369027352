-- Posts a moderator hid, which new followers do not get.
ALTER TABLE sync_posts ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
