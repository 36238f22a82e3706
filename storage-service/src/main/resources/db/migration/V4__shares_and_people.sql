-- The people who have signed in, with the groups their identity provider last named: a share names one of them or
-- one of their groups, and the access checks of WOPI calls (which carry no OIDC token) read the groups from here.
CREATE TABLE people (
    id            varchar(256) PRIMARY KEY,
    display_name  varchar(256) NOT NULL,
    groups        text[]       NOT NULL DEFAULT '{}',
    seen_at       timestamptz  NOT NULL
);
CREATE INDEX people_groups ON people USING gin (groups);

-- A file or a folder (never both) shared to a user or a group with a role; a folder's share covers all beneath it.
-- Deleting the item deletes its shares.
CREATE TABLE shares (
    id            varchar(64)  PRIMARY KEY,
    file_id       varchar(64)  REFERENCES files (id) ON DELETE CASCADE,
    container_id  varchar(64)  REFERENCES containers (id) ON DELETE CASCADE,
    grantee_type  varchar(8)   NOT NULL CHECK (grantee_type IN ('user', 'group')),
    grantee       varchar(256) NOT NULL,
    role          varchar(16)  NOT NULL CHECK (role IN ('viewer', 'editor')),
    created_by    varchar(256) NOT NULL,
    created_at    timestamptz  NOT NULL,
    CHECK ((file_id IS NULL) <> (container_id IS NULL))
);
CREATE UNIQUE INDEX shares_per_file ON shares (file_id, grantee_type, grantee) WHERE file_id IS NOT NULL;
CREATE UNIQUE INDEX shares_per_container ON shares (container_id, grantee_type, grantee) WHERE container_id IS NOT NULL;
-- "Shared with me" and the role lookups start from the grantee.
CREATE INDEX shares_by_grantee ON shares (grantee_type, grantee);
