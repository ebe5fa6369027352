-- TRUNCATE skips row triggers: refuse it on the audit log too.
CREATE TRIGGER actions_no_truncate BEFORE TRUNCATE ON actions
FOR EACH STATEMENT EXECUTE FUNCTION actions_append_only();
