-- A top level per user: every user has a home folder (a folder without a parent, marked with home_of), and every
-- other file and folder lives in some folder. Names stay unique per folder, so two users' top levels no longer share
-- one name space (which let one user learn, block or overwrite another's names).

ALTER TABLE containers ADD COLUMN home_of varchar(256);
CREATE UNIQUE INDEX containers_home ON containers (home_of) WHERE home_of IS NOT NULL;
DROP INDEX containers_name_per_parent;
DROP INDEX files_name_per_container;

-- A home for every owner of a top-level entry, then the entries moved into it. Nothing else changes: ids, versions,
-- blobs and fencing tokens stay as they are. Top-level names were unique across all users, so none collides.
INSERT INTO containers (id, parent_id, name, owner_id, created_at, updated_at, home_of)
SELECT gen_random_uuid()::text, NULL, 'Home', owner_id, now(), now(), owner_id
FROM (SELECT owner_id FROM containers WHERE parent_id IS NULL
      UNION SELECT owner_id FROM files WHERE container_id IS NULL) owners;
UPDATE containers c SET parent_id = h.id FROM containers h
WHERE h.home_of = c.owner_id AND c.parent_id IS NULL AND c.home_of IS NULL;
UPDATE files f SET container_id = h.id FROM containers h
WHERE h.home_of = f.owner_id AND f.container_id IS NULL;

CREATE UNIQUE INDEX containers_name_per_parent ON containers (parent_id, lower(name)) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX files_name_per_container ON files (container_id, lower(name));
ALTER TABLE files ALTER COLUMN container_id SET NOT NULL;
ALTER TABLE containers ADD CONSTRAINT containers_home_at_top CHECK ((parent_id IS NULL) = (home_of IS NOT NULL));

-- Listings page by (name, id) per folder and owner.
CREATE INDEX containers_children ON containers (parent_id, owner_id, lower(name), id);
CREATE INDEX files_children ON files (container_id, owner_id, lower(name), id);

-- A name's extension is whatever follows its last dot, and a name may be 255 characters long.
ALTER TABLE files ALTER COLUMN extension TYPE varchar(255);
