-- Uploads (in progress, failed or done), the media they became, their stored variants, the
-- content-addressed blobs the variants point to, and what uses each media item.
CREATE TABLE uploads (
    media_id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    declared_type TEXT NOT NULL,
    total_size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,  -- as the client declared it; '' when it did not
    committed_offset BIGINT NOT NULL,
    state INTEGER NOT NULL,  -- devcoll.media.v1.UploadState
    error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL  -- when an unfinished or failed upload is dropped
);
CREATE INDEX uploads_by_owner ON uploads (owner_id, state);
CREATE INDEX uploads_by_expiry ON uploads (expires_at);

CREATE TABLE media (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,  -- as uploaded: what the quota counts
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    sha256 TEXT NOT NULL,  -- of the bytes as uploaded
    file_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX media_by_owner ON media (owner_id, created_at, id);
CREATE INDEX media_by_sha256 ON media (sha256);

CREATE TABLE media_variants (
    media_id TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    variant INTEGER NOT NULL,  -- devcoll.media.v1.Variant
    blob_sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size_bytes BIGINT NOT NULL,
    PRIMARY KEY (media_id, variant)
);

-- One row per stored file; `refs` counts the variants pointing to it. A blob whose count
-- falls to 0 is removed, file and row, by the janitor.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    refs BIGINT NOT NULL
);
CREATE INDEX blobs_unreferenced ON blobs (refs) WHERE refs = 0;

-- What refers to a media item ("post:<id>", "avatar:<user id>"), from the post and user
-- services' events: deleting a post takes the media only it used.
CREATE TABLE media_uses (
    used_by TEXT NOT NULL,
    media_id TEXT NOT NULL,
    PRIMARY KEY (used_by, media_id)
);
CREATE INDEX media_uses_by_media ON media_uses (media_id);
