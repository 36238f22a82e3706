-- The file's name when each version was written: a conversion in place (.doc to .docx) changes the name with the
-- content, and restoring the legacy version must bring its name back with it. Null for versions written before this
-- was recorded (a restore then keeps the current name, as it always did).
ALTER TABLE file_versions ADD COLUMN name varchar(255);
