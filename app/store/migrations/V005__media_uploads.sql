-- Images attached on this device wait here, in 1 MiB pieces, until their upload completes: the
-- app can be closed or go offline mid-upload and the upload resumes from what the server
-- stored, reading only the pieces it still needs.
CREATE TABLE media_upload_chunks (
    media_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (media_id, idx)
);
