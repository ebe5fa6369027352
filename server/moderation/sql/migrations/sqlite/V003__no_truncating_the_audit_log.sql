-- SQLite has no TRUNCATE (a DELETE without WHERE is refused by V002's trigger): nothing to do.
SELECT 1;
