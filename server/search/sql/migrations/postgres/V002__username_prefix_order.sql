-- Username prefix ranges compare bytes, whatever the database's collation.
DROP INDEX search_users_by_username;
ALTER TABLE search_users ALTER COLUMN username TYPE TEXT COLLATE "C";
CREATE INDEX search_users_by_username ON search_users (username);
