-- The roles auth granted (from USER_ROLES_CHANGED), so that SuspendUser can refuse a moderator
-- acting on a peer or an admin. `as_of`: the event's time; an older event changes nothing.
CREATE TABLE staff_roles (
    user_id TEXT PRIMARY KEY,
    roles TEXT NOT NULL,  -- comma-separated, '' once every role is revoked
    as_of BIGINT NOT NULL
);

-- Posts removed for good: a second removal is moot.
CREATE TABLE removed_posts (
    post_id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    action_id TEXT NOT NULL
);

-- Suspensions whose period ends, for the sweep that lifts them.
CREATE INDEX suspended_accounts_by_end ON suspended_accounts (until) WHERE until > 0;
