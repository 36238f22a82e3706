-- What people did inside a document that the WOPI client tells us of (WOPI AddActivities): comments added, changed
-- or deleted, with the people they mention. One row per activity a client sent, once (a resent id is kept once);
-- deleting the file deletes them. Newest first by seq for the per-file list.
CREATE TABLE file_activities (
    seq             bigserial     PRIMARY KEY,
    file_id         varchar(64)   NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    activity_id     varchar(256)  NOT NULL,
    type            varchar(32)   NOT NULL,
    user_id         varchar(256)  NOT NULL,
    content_id      varchar(1024) NOT NULL,
    content_action  varchar(16)   NOT NULL CHECK (content_action IN ('created', 'updated', 'deleted')),
    navigation_id   varchar(1024),
    comment_text    text,
    is_reply        boolean       NOT NULL DEFAULT false,
    people          jsonb         NOT NULL DEFAULT '[]',
    client_time     varchar(64),
    recorded_at     timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (file_id, activity_id)
);
CREATE INDEX file_activities_newest ON file_activities (file_id, seq DESC);
