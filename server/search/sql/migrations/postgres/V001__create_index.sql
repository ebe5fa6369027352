-- Search's own copy of what it indexes, kept from USER_* and POST_* events, and the follow
-- graph for the visibility of followers-only posts. Each row carries its terms as a tsvector
-- made by search_text.h (no PostgreSQL dictionary in between, so both engines match alike).
CREATE TABLE search_users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL,
    avatar_media_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    terms TSVECTOR NOT NULL
);
CREATE INDEX search_users_by_username ON search_users (username);
CREATE INDEX search_users_terms ON search_users USING GIN (terms);

CREATE TABLE search_posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    media_ids TEXT NOT NULL,
    visibility INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    terms TSVECTOR NOT NULL
);
CREATE INDEX search_posts_by_author ON search_posts (author_id, created_at);
CREATE INDEX search_posts_by_time ON search_posts (created_at);
CREATE INDEX search_posts_terms ON search_posts USING GIN (terms);

CREATE TABLE search_follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
