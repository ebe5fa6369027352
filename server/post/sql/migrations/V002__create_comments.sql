-- Comments on posts, optionally replying to another comment of the same post. A deleted
-- comment stays as a tombstone (empty body) so that the replies to it keep their place.
CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_comment_id TEXT NOT NULL,  -- '' for a comment on the post itself
    author_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX comments_by_post ON comments (post_id, created_at, id);
CREATE INDEX comments_by_author ON comments (author_id);
