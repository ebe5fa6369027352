-- Search's own copy of what it indexes, kept from USER_* and POST_* events (event-carried
-- state), and the follow graph for the visibility of followers-only posts. SQLite indexes
-- the terms in FTS5 tables beside these (rowid for rowid); PostgreSQL keeps a tsvector in
-- each row (see migrations/postgres/).
CREATE TABLE search_users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL,
    avatar_media_id TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX search_users_by_username ON search_users (username);

CREATE TABLE search_posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    media_ids TEXT NOT NULL,  -- comma-separated, as the post service keeps them
    visibility INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX search_posts_by_author ON search_posts (author_id, created_at);
CREATE INDEX search_posts_by_time ON search_posts (created_at);

CREATE TABLE search_follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);

-- FTS5 over the terms search_text.h makes: split at spaces (the ascii tokenizer, with the
-- characters terms may hold), prefix indexes for as-you-type.
CREATE VIRTUAL TABLE search_users_fts USING fts5(name, bio, tokenize = "ascii tokenchars '+#_'", prefix = '1 2 3');
CREATE VIRTUAL TABLE search_posts_fts USING fts5(terms, tokenize = "ascii tokenchars '+#_'", prefix = '2 3');
