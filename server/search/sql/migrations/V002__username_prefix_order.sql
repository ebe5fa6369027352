-- SQLite compares text bytewise already (BINARY): username prefix ranges need nothing more.
SELECT 1;
