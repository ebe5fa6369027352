-- The account's notifications as the sync stream brings them (kind NOTIFICATION), and their
-- state (kind NOTIFICATION_STATE: the unread count, the read mark and the preferences). A
-- notification is kept whole as protobuf binary; the columns are what the list sorts and
-- filters by. Which of them the desktop was told of is a watermark in replica_state.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    kind INTEGER NOT NULL,  -- devcoll.notification.v1.NotificationKind
    sequence INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    payload BLOB NOT NULL,  -- devcoll.notification.v1.Notification
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_by_sequence ON notifications (sequence);

CREATE TABLE notification_state (
    user_id TEXT PRIMARY KEY,
    unread_count INTEGER NOT NULL,
    read_up_to INTEGER NOT NULL,
    latest_sequence INTEGER NOT NULL,
    preferences BLOB NOT NULL,  -- devcoll.notification.v1.NotificationState (its preferences)
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
