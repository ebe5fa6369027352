-- For moderators: the open reports last fetched from the server, so that the queue can be read
-- and acted on offline. A decision taken here waits in pending_mutations (entity_id: the
-- report's id); `decision` marks the report until the server confirms it (the report then
-- leaves) or refuses it (`decision` back to 0, `error` says why: another moderator acted first).
CREATE TABLE moderation_reports (
    id TEXT PRIMARY KEY,
    subject_kind INTEGER NOT NULL,  -- devcoll.moderation.v1.SubjectKind
    subject_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    reasons TEXT NOT NULL,  -- the complaints' reasons, devcoll.moderation.v1.ReportReason numbers, comma-separated
    complaints INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    decision INTEGER NOT NULL DEFAULT 0,  -- app::ModerationDecision, 0: none
    error TEXT NOT NULL DEFAULT ''
);
