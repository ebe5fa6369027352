-- The audit log is append-only: the service's own role cannot rewrite history through SQL
-- without dropping this trigger first.
CREATE FUNCTION actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the moderation audit log is append-only';
END;
$$;
CREATE TRIGGER actions_no_change BEFORE UPDATE OR DELETE ON actions
FOR EACH STATEMENT EXECUTE FUNCTION actions_append_only();
