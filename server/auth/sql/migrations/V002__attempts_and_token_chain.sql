-- Throttling records each attempt before the expensive work, under an id, so that a success
-- can take its own row back; pruning by time needs an index on it.
ALTER TABLE rate_events ADD COLUMN attempt_id TEXT;
CREATE INDEX rate_events_by_attempt ON rate_events (attempt_id);
CREATE INDEX rate_events_by_time ON rate_events (at);

-- Each refresh token points to the one that replaced it, so that a client whose answer was
-- lost can retry within a short grace period instead of tripping reuse detection.
ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;
