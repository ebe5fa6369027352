-- Reports (one open report per subject; later complaints merge into it), the moderators'
-- actions (the audit log), and the current moderation state of posts and accounts.
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    subject_kind INTEGER NOT NULL,  -- devcoll.moderation.v1.SubjectKind
    subject_id TEXT NOT NULL,
    subject_author_id TEXT NOT NULL,
    subject_excerpt TEXT NOT NULL,
    state INTEGER NOT NULL,  -- devcoll.moderation.v1.ReportState: 1 open, 2 resolved
    created_at BIGINT NOT NULL,
    resolved_by_action_id TEXT NOT NULL DEFAULT '',
    resolved_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX reports_one_open_per_subject ON reports (subject_kind, subject_id) WHERE state = 1;
-- The queue: oldest first, by state and optionally kind.
CREATE INDEX reports_queue ON reports (state, created_at, id);
CREATE INDEX reports_by_author ON reports (subject_author_id, created_at);

CREATE TABLE complaints (
    report_id TEXT NOT NULL REFERENCES reports (id),
    reporter_id TEXT NOT NULL,
    reason INTEGER NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, reporter_id)
);
-- Each reporter's recent complaints, for the rate limit.
CREATE INDEX complaints_by_reporter ON complaints (reporter_id, created_at);

-- The audit log: rows are only ever inserted (V002 makes both engines refuse anything else).
CREATE TABLE actions (
    id TEXT PRIMARY KEY,  -- UUIDv7, maybe chosen by the client: the log is ordered by created_at
    kind INTEGER NOT NULL,  -- devcoll.moderation.v1.ActionKind
    moderator_id TEXT NOT NULL,
    subject_kind INTEGER NOT NULL,
    subject_id TEXT NOT NULL,
    affected_user_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    report_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    suspended_until BIGINT NOT NULL  -- 0: none, or for good (ACTION_KIND_SUSPEND_USER)
);
CREATE INDEX actions_by_time ON actions (created_at, id);
CREATE INDEX actions_by_affected_user ON actions (affected_user_id, created_at, id);

-- What is in force now, to refuse an action that another moderator's already made moot.
CREATE TABLE hidden_posts (
    post_id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    action_id TEXT NOT NULL
);
CREATE TABLE suspended_accounts (
    user_id TEXT PRIMARY KEY,
    until BIGINT NOT NULL,  -- 0: for good
    action_id TEXT NOT NULL
);
