-- Named queries of the user service, run on SQLite and PostgreSQL alike.
-- Profile rows are always selected with the same columns, read by profileFrom() in C++:
-- id, username, display_name, bio, avatar_media_id, created_at, version, followers_count,
-- following_count, email, followed_by_me.

-- name: insert_profile
INSERT INTO profiles (id, username, username_lower, email, display_name, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $6, 1)
ON CONFLICT DO NOTHING

-- name: profile_by_id
SELECT p.id, p.username, p.display_name, p.bio, p.avatar_media_id, p.created_at, p.version, p.followers_count,
       p.following_count, p.email,
       CASE WHEN me.follower_id IS NULL THEN 0 ELSE 1 END
FROM profiles p LEFT JOIN follows me ON me.follower_id = $2 AND me.followee_id = p.id
WHERE p.id = $1

-- name: profile_by_username
SELECT p.id, p.username, p.display_name, p.bio, p.avatar_media_id, p.created_at, p.version, p.followers_count,
       p.following_count, p.email,
       CASE WHEN me.follower_id IS NULL THEN 0 ELSE 1 END
FROM profiles p LEFT JOIN follows me ON me.follower_id = $2 AND me.followee_id = p.id
WHERE p.username_lower = $1

-- name: update_profile
UPDATE profiles SET display_name = $3, bio = $4, avatar_media_id = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $2

-- name: profile_exists
SELECT version FROM profiles WHERE id = $1

-- name: insert_follow
INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING

-- name: delete_follow
DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2

-- name: add_to_following_count
UPDATE profiles SET following_count = following_count + $2 WHERE id = $1

-- name: add_to_followers_count
UPDATE profiles SET followers_count = followers_count + $2 WHERE id = $1

-- name: followers_page
SELECT p.id, p.username, p.display_name, p.bio, p.avatar_media_id, p.created_at, p.version, p.followers_count,
       p.following_count, p.email,
       CASE WHEN me.follower_id IS NULL THEN 0 ELSE 1 END,
       f.created_at
FROM follows f
JOIN profiles p ON p.id = f.follower_id
LEFT JOIN follows me ON me.follower_id = $2 AND me.followee_id = p.id
WHERE f.followee_id = $1 AND (f.created_at < $3 OR (f.created_at = $3 AND f.follower_id < $4))
ORDER BY f.created_at DESC, f.follower_id DESC
LIMIT $5

-- name: following_page
SELECT p.id, p.username, p.display_name, p.bio, p.avatar_media_id, p.created_at, p.version, p.followers_count,
       p.following_count, p.email,
       CASE WHEN me.follower_id IS NULL THEN 0 ELSE 1 END,
       f.created_at
FROM follows f
JOIN profiles p ON p.id = f.followee_id
LEFT JOIN follows me ON me.follower_id = $2 AND me.followee_id = p.id
WHERE f.follower_id = $1 AND (f.created_at < $3 OR (f.created_at = $3 AND f.followee_id < $4))
ORDER BY f.created_at DESC, f.followee_id DESC
LIMIT $5

-- name: uncount_followees_of
UPDATE profiles SET followers_count = followers_count - 1
WHERE id IN (SELECT followee_id FROM follows WHERE follower_id = $1)

-- name: uncount_followers_of
UPDATE profiles SET following_count = following_count - 1
WHERE id IN (SELECT follower_id FROM follows WHERE followee_id = $1)

-- name: delete_profile
DELETE FROM profiles WHERE id = $1

-- name: all_profiles_page
-- Operators' bulk listing (ListAllUsers), in id order after $1; never with e-mail.
SELECT p.id, p.username, p.display_name, p.bio, p.avatar_media_id, p.created_at, p.version, p.followers_count,
       p.following_count, '', 0
FROM profiles p
WHERE p.id > $1
ORDER BY p.id
LIMIT $2

-- name: count_profiles
SELECT COUNT(*) FROM profiles

-- name: all_follows_page
-- Operators' bulk listing (ListAllFollows), in primary key order after ($1, $2).
SELECT follower_id, followee_id, created_at
FROM follows
WHERE (follower_id, followee_id) > ($1, $2)
ORDER BY follower_id, followee_id
LIMIT $3

-- name: count_follows
SELECT COUNT(*) FROM follows
