-- A post of the account's own that a moderator hid (or hid with the account's suspension):
-- only the author's replica holds it, marked with the moderator's reason. NULL: not hidden.
ALTER TABLE posts ADD COLUMN hidden_reason TEXT;
