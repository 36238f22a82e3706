-- Which editing session wrote a version, and whether it was an autosave: autosaves of one session within
-- storage.autosave-grace replace the session's previous autosave instead of piling up.
ALTER TABLE file_versions ADD COLUMN session_id varchar(1024) NOT NULL DEFAULT '';
ALTER TABLE file_versions ADD COLUMN autosave boolean NOT NULL DEFAULT false;
