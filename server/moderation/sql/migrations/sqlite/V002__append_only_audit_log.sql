-- The audit log is append-only: whoever edits the database file still cannot rewrite history
-- through SQL without dropping these first.
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
BEGIN
    SELECT RAISE(ABORT, 'the moderation audit log is append-only');
END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
BEGIN
    SELECT RAISE(ABORT, 'the moderation audit log is append-only');
END;
