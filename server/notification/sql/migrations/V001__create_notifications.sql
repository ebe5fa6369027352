-- The notification service's database: each user's notifications (grouped), what makes them,
-- and the copies of other services' facts that deciding whom to notify needs (profiles for
-- mentions and names, the follow graph and posts for who may see a mention). All of it is
-- kept from events.
CREATE TABLE notif_profiles (
    user_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    display_name TEXT NOT NULL
);
-- Not unique: a name freed by one account and taken by another may briefly be held by both
-- while their events arrive in either order.
CREATE INDEX notif_profiles_by_name ON notif_profiles (username_lower);

CREATE TABLE notif_follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);

CREATE TABLE notif_posts (
    post_id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    visibility INTEGER NOT NULL,  -- devcoll.post.v1.Visibility
    hidden INTEGER NOT NULL,
    excerpt TEXT NOT NULL
);

-- Comments' authors, for replies (a comment event names its parent, not the parent's author).
CREATE TABLE notif_comments (
    comment_id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL,
    author_id TEXT NOT NULL
);
CREATE INDEX notif_comments_by_post ON notif_comments (post_id);

-- One row per notification: a group of activities of one kind about one subject (group_key:
-- the post for likes and comments, the parent comment for replies, the mentioning post or
-- comment for mentions, '' for follows).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL,
    kind INTEGER NOT NULL,  -- devcoll.notification.v1.NotificationKind
    group_key TEXT NOT NULL,
    post_id TEXT NOT NULL,  -- '' for follows
    sequence BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX notifications_by_recipient ON notifications (recipient_id, sequence);
CREATE INDEX notifications_by_group ON notifications (recipient_id, kind, group_key, sequence);
CREATE INDEX notifications_by_post ON notifications (post_id);

-- Who did what in a group: source_id is the comment or post that made the activity ('' for
-- follows and likes), and its excerpt what the notification shows of it.
CREATE TABLE notification_actors (
    notification_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    source_id TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (notification_id, actor_id, source_id)
);
CREATE INDEX notification_actors_by_actor ON notification_actors (actor_id);
CREATE INDEX notification_actors_by_source ON notification_actors (source_id);

-- What has notified once never notifies again: a like taken back and given again, a follow
-- undone and redone, a comment shown again by a moderator.
CREATE TABLE notified (
    recipient_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    subject_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    PRIMARY KEY (recipient_id, kind, subject_id, actor_id)
);

-- Each user's counters: the last sequence given, the read mark, and the revision that orders
-- the changes the sync stream carries.
CREATE TABLE notification_inboxes (
    recipient_id TEXT PRIMARY KEY,
    latest_sequence BIGINT NOT NULL,
    read_up_to BIGINT NOT NULL,
    revision BIGINT NOT NULL
);

-- Only the kinds a user changed from the default (in app and on the desktop).
CREATE TABLE notification_preferences (
    recipient_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    delivery INTEGER NOT NULL,  -- devcoll.notification.v1.Delivery
    PRIMARY KEY (recipient_id, kind)
);
