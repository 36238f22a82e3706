-- Folders, for the WOPI containers API. Names are unique per parent, case-insensitively (as Office and Windows see them).
CREATE TABLE containers (
    id          varchar(64)  PRIMARY KEY,
    parent_id   varchar(64)  REFERENCES containers (id),
    name        varchar(255) NOT NULL,
    owner_id    varchar(256) NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX containers_name_per_parent ON containers (coalesce(parent_id, ''), lower(name));

-- One row per file; version, size, sha256 and blob_key describe its current content.
CREATE TABLE files (
    id                  varchar(64)  PRIMARY KEY,
    container_id        varchar(64)  REFERENCES containers (id),
    name                varchar(255) NOT NULL,
    extension           varchar(64)  NOT NULL,
    owner_id            varchar(256) NOT NULL,
    size                bigint       NOT NULL,
    sha256              varchar(64)  NOT NULL,
    version             bigint       NOT NULL,
    blob_key            varchar(512) NOT NULL,
    last_fencing_token  bigint       NOT NULL DEFAULT 0,
    modified_by         varchar(256) NOT NULL DEFAULT '',
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL
);
CREATE UNIQUE INDEX files_name_per_container ON files (coalesce(container_id, ''), lower(name));

-- Every content a file ever had; a restore adds a version that points at an older blob.
CREATE TABLE file_versions (
    file_id     varchar(64)  NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    version     bigint       NOT NULL,
    size        bigint       NOT NULL,
    sha256      varchar(64)  NOT NULL,
    blob_key    varchar(512) NOT NULL,
    created_by  varchar(256) NOT NULL DEFAULT '',
    created_at  timestamptz  NOT NULL,
    PRIMARY KEY (file_id, version)
);

-- WOPI PutUserInfo: at most 1024 characters per user.
CREATE TABLE user_info (
    user_id     varchar(256)  PRIMARY KEY,
    info        varchar(1024) NOT NULL,
    updated_at  timestamptz   NOT NULL
);

-- Blobs no version refers to (yet, or any more): written before an upload starts and removed in the transaction that
-- commits the version, re-added when a file is deleted. The sweep deletes the blobs of rows older than its grace.
CREATE TABLE blob_intents (
    blob_key    varchar(512) PRIMARY KEY,
    created_at  timestamptz  NOT NULL
);
