-- A first snapshot writes posts without their search terms (indexed = 0), which are made in
-- the background afterwards: the replica is usable sooner, and search fills in.
ALTER TABLE posts ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
CREATE INDEX posts_to_index ON posts (indexed) WHERE indexed = 0;
