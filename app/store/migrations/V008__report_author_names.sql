-- Who wrote what was reported (or the reported account's name), looked up when the queue is
-- fetched, so that a moderator sees it offline too.
ALTER TABLE moderation_reports ADD COLUMN author_username TEXT NOT NULL DEFAULT '';
