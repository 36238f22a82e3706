-- A save the file refused (its lock was lost or changed, the writer's fencing token was stale, or Collabora's copy
-- was older than the file): kept so that no edit is ever lost, one per editing session (the next refusal of the same
-- session replaces it), restorable as a new version or downloadable, and swept after storage.unsaved.retention.
CREATE TABLE unsaved_changes (
    id           varchar(64)   PRIMARY KEY,
    file_id      varchar(64)   NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    session_id   varchar(256)  NOT NULL,
    user_id      varchar(256)  NOT NULL,
    reason       varchar(32)   NOT NULL CHECK (reason IN ('lock-mismatch', 'lock-lost', 'changed', 'fenced')),
    size         bigint        NOT NULL,
    sha256       varchar(64)   NOT NULL,
    blob_key     varchar(512)  NOT NULL,
    created_at   timestamptz   NOT NULL,
    UNIQUE (file_id, session_id)
);
CREATE INDEX unsaved_changes_newest ON unsaved_changes (file_id, created_at DESC);
CREATE INDEX unsaved_changes_age ON unsaved_changes (created_at);

-- Whatever removes or replaces a kept save (its session's next refusal, restoring it, deleting it, the retention
-- sweep, the file's deletion) hands its blob to the blob sweep, unless a version refers to it (a restored one does).
CREATE FUNCTION unsaved_changes_release_blob() RETURNS trigger AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR OLD.blob_key <> NEW.blob_key)
            AND NOT EXISTS (SELECT 1 FROM file_versions WHERE blob_key = OLD.blob_key) THEN
        INSERT INTO blob_intents (blob_key, created_at) VALUES (OLD.blob_key, 'epoch') ON CONFLICT (blob_key) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER unsaved_changes_release_blob AFTER UPDATE OR DELETE ON unsaved_changes
    FOR EACH ROW EXECUTE FUNCTION unsaved_changes_release_blob();
