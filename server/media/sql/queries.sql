-- Named queries of the media service, run on SQLite and PostgreSQL alike.
-- Media rows are always selected with the same columns, read by mediaFrom() in C++:
-- id, owner_id, content_type, size_bytes, width, height, sha256, file_name, created_at.

-- name: upload_by_id
SELECT media_id, owner_id, file_name, declared_type, total_size, sha256, committed_offset, state, error,
       created_at, expires_at
FROM uploads WHERE media_id = $1

-- name: insert_upload
INSERT INTO uploads (media_id, owner_id, file_name, declared_type, total_size, sha256, committed_offset, state,
                     created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, 0, 1, $7, $8)

-- name: commit_upload_offset
UPDATE uploads SET committed_offset = $2, expires_at = $3 WHERE media_id = $1 AND state = 1

-- name: finish_upload
UPDATE uploads SET state = $2, error = $3, committed_offset = $4, expires_at = $5 WHERE media_id = $1 AND state = 1

-- name: delete_upload
DELETE FROM uploads WHERE media_id = $1

-- name: delete_expired_upload
DELETE FROM uploads WHERE media_id = $1 AND state <> 3 AND expires_at < $2

-- name: expired_uploads
SELECT media_id, state FROM uploads WHERE expires_at < $1 AND state <> 3 ORDER BY expires_at LIMIT $2

-- name: bytes_charged_to
SELECT (SELECT COALESCE(SUM(size_bytes), 0) FROM media WHERE owner_id = $1)
     + (SELECT COALESCE(SUM(total_size), 0) FROM uploads WHERE owner_id = $1 AND state IN (1, 2) AND media_id <> $2)

-- name: insert_media
INSERT INTO media (id, owner_id, content_type, size_bytes, width, height, sha256, file_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)

-- name: media_by_id
SELECT id, owner_id, content_type, size_bytes, width, height, sha256, file_name, created_at
FROM media WHERE id = $1

-- name: media_page
SELECT id, owner_id, content_type, size_bytes, width, height, sha256, file_name, created_at
FROM media
WHERE owner_id = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3))
ORDER BY created_at DESC, id DESC
LIMIT $4

-- name: media_of_owner
SELECT id FROM media WHERE owner_id = $1

-- name: uploads_of_owner
SELECT media_id FROM uploads WHERE owner_id = $1

-- name: same_bytes_media
SELECT id FROM media WHERE sha256 = $1 LIMIT 1

-- name: delete_media
DELETE FROM media WHERE id = $1

-- name: insert_variant
INSERT INTO media_variants (media_id, variant, blob_sha256, content_type, width, height, size_bytes)
VALUES ($1, $2, $3, $4, $5, $6, $7)

-- name: variants_of
SELECT variant, blob_sha256, content_type, width, height, size_bytes
FROM media_variants WHERE media_id = $1 ORDER BY variant

-- name: delete_variants
DELETE FROM media_variants WHERE media_id = $1

-- name: reference_blob
INSERT INTO blobs (sha256, size_bytes, refs) VALUES ($1, $2, 1)
ON CONFLICT (sha256) DO UPDATE SET refs = blobs.refs + 1

-- name: release_blob
UPDATE blobs SET refs = refs - 1 WHERE sha256 = $1 AND refs > 0

-- name: unreferenced_blobs
SELECT sha256 FROM blobs WHERE refs = 0 LIMIT $1

-- name: drop_unreferenced_blob
DELETE FROM blobs WHERE sha256 = $1 AND refs = 0

-- name: blob_exists
SELECT refs FROM blobs WHERE sha256 = $1

-- name: uses_by
SELECT media_id FROM media_uses WHERE used_by = $1

-- name: insert_use
INSERT INTO media_uses (used_by, media_id) VALUES ($1, $2) ON CONFLICT DO NOTHING

-- name: delete_uses_by
DELETE FROM media_uses WHERE used_by = $1

-- name: use_count
SELECT COUNT(*) FROM media_uses WHERE media_id = $1

-- name: delete_uses_of_media
DELETE FROM media_uses WHERE media_id = $1
