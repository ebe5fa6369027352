-- Posts, every revision of their content, likes, and the post service's own copy of the
-- follow graph (kept from USER_FOLLOWED / USER_UNFOLLOWED events) for visibility.
CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    media_ids TEXT NOT NULL,  -- comma-separated UUIDv7s, in display order
    visibility INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    like_count BIGINT NOT NULL DEFAULT 0,
    comment_count BIGINT NOT NULL DEFAULT 0,
    deleted_at BIGINT
);
CREATE INDEX posts_by_author ON posts (author_id, created_at, id);

CREATE TABLE post_revisions (
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    media_ids TEXT NOT NULL,
    visibility INTEGER NOT NULL,
    edited_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, version)
);

CREATE TABLE likes (
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id);
