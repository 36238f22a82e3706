-- Who edited each version: everyone in the editing session that saved it (a co-authoring session's users, WOPI's
-- X-WOPI-Editors), the writer first. Versions from before name their writer.
ALTER TABLE file_versions ADD COLUMN editors text[] NOT NULL DEFAULT '{}';
UPDATE file_versions SET editors = ARRAY[created_by] WHERE created_by IS NOT NULL AND created_by <> '';
