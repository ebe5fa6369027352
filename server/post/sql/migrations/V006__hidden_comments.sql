-- Comments a moderator hid: shown to their author with the reason, to everyone else as a
-- placeholder in the thread. On a removed comment (deleted_at set) the reason stays for its
-- author.
ALTER TABLE comments ADD COLUMN hidden_at BIGINT;
ALTER TABLE comments ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
