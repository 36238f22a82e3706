-- Who did what to which document, when, from which client: opens, WOPI sessions, saves, locks, restores, renames,
-- deletes, downloads, share changes. Append-only: rows are never changed (a trigger refuses it) and leave only by the
-- retention sweep (storage.audit.retention).
CREATE TABLE audit_events (
    seq             bigserial     PRIMARY KEY,
    at              timestamptz   NOT NULL,
    user_id         varchar(256)  NOT NULL,
    action          varchar(32)   NOT NULL,
    item_type       varchar(16)   NOT NULL CHECK (item_type IN ('file', 'folder', 'share')),
    item_id         varchar(64)   NOT NULL,
    file_id         varchar(64),
    client          varchar(64),
    correlation_id  varchar(128),
    detail          varchar(1024)
);
CREATE INDEX audit_events_file ON audit_events (file_id, seq DESC) WHERE file_id IS NOT NULL;
CREATE INDEX audit_events_user ON audit_events (user_id, seq DESC);
CREATE INDEX audit_events_at ON audit_events (at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
