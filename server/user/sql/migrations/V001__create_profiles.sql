-- Profiles, created from USER_REGISTERED events, and the follow graph.
CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL DEFAULT '',
    avatar_media_id TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    followers_count BIGINT NOT NULL DEFAULT 0,
    following_count BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    followee_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
-- Keyset pagination of both lists, newest first.
CREATE INDEX follows_followers_page ON follows (followee_id, created_at, follower_id);
CREATE INDEX follows_following_page ON follows (follower_id, created_at, followee_id);
