-- The local replica of one account: what the sync service sends (devcoll.sync.v1), as rows a
-- view can page and search without the network, plus the account's own pending work. Times
-- are microseconds since the epoch (UTC). `version` is the server's (Change.version); `pending`
-- marks a row changed on this device and not yet confirmed by the server.

CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL,
    avatar_media_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX profiles_by_username ON profiles (username);

CREATE TABLE follows (
    follower_id TEXT NOT NULL,
    followee_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_by_followee ON follows (followee_id);

CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    visibility INTEGER NOT NULL,
    media_ids TEXT NOT NULL,  -- space-separated, in order
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
-- The feed pages newest first; a profile pages one author's posts.
CREATE INDEX posts_by_time ON posts (created_at DESC, id DESC);
CREATE INDEX posts_by_author ON posts (author_id, created_at DESC, id DESC);

CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL,
    parent_comment_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_by_post ON comments (post_id, created_at, id);

CREATE TABLE likes (
    post_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE media (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);

-- Thumbnails fetched once and kept for offline reading.
CREATE TABLE thumbnails (
    media_id TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    fetched_at INTEGER NOT NULL
);

CREATE TABLE settings (
    user_id TEXT PRIMARY KEY,
    values_json TEXT NOT NULL,
    version INTEGER NOT NULL
);

-- Where the replica stands: key 'cursor' (the last applied position), 'account' (its user id).
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The account's actions not yet confirmed by the server, in the order they were made. `payload`
-- is the request message (protobuf binary); `state` is queued, quarantined (a permanent error,
-- in `error`) or conflict (the server holds a newer version).
CREATE TABLE pending_mutations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind INTEGER NOT NULL,
    entity_kind INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    payload BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued',
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pending_by_entity ON pending_mutations (entity_kind, entity_id);

-- Full-text search over the replica with the server's terms (devcoll/search_text.h): split at
-- spaces, with the characters terms may hold; rowids are those of posts and profiles.
CREATE VIRTUAL TABLE posts_fts USING fts5(terms, tokenize = "ascii tokenchars '+#_'", prefix = '2 3');
CREATE VIRTUAL TABLE profiles_fts USING fts5(name, bio, tokenize = "ascii tokenchars '+#_'", prefix = '1 2 3');
