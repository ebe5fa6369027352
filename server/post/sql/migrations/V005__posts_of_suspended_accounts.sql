-- A suspended account's posts are hidden while the suspension lasts, with this mark, so that
-- lifting it shows again exactly those and not the ones a moderator hid one by one.
ALTER TABLE posts ADD COLUMN hidden_by_suspension BOOLEAN NOT NULL DEFAULT FALSE;
