-- Images attached on this device wait here, whole, until their upload completes: the app can
-- be closed or go offline mid-upload and the upload resumes from what the server stored.
CREATE TABLE media_uploads (
    media_id TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
);
