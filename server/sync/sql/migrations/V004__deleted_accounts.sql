-- Accounts deleted: their logs are gone, and a notification change that comes after
-- USER_DELETED (from the notification service, whose events do not wait for the user
-- service's) must not start a log again.
CREATE TABLE sync_deleted_users (
    user_id TEXT PRIMARY KEY
);
