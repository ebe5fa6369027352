-- A username is unique on the server at any moment, but the sync log keeps only each
-- entity's latest change: a rename and the rename that took the old name can arrive in either
-- order, and a unique index would then refuse the page for good.
DROP INDEX profiles_by_username;
CREATE INDEX profiles_by_username ON profiles (username);
