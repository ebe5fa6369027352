-- Accounts deleted: an event about them that comes after USER_DELETED (a like from the post
-- service, which the user service's events do not wait for) notifies them of nothing.
CREATE TABLE notif_deleted_users (
    user_id TEXT PRIMARY KEY
);
