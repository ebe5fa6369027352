-- What an action needs to be undone and retried: the entity as it was before the action (a
-- devcoll.sync.v1.Change, protobuf binary: the entity, or a tombstone when it did not exist),
-- and when a failed attempt may be tried again (microseconds; 0: at once).
ALTER TABLE pending_mutations ADD COLUMN before BLOB NOT NULL DEFAULT x'';
ALTER TABLE pending_mutations ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
