-- Comments hidden or removed by a moderator, like hidden_posts and removed_posts.
CREATE TABLE hidden_comments (
    comment_id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    action_id TEXT NOT NULL
);
CREATE TABLE removed_comments (
    comment_id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL,
    action_id TEXT NOT NULL
);
