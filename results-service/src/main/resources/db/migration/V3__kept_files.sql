-- Files an attempt left in its run directory, by reference (docs/results-service.md, "Kept files"): the KeptFiles
-- record as JSON text (run directory, then path, size and SHA-256 per file). Only references: however large the files
-- are, their content stays on the agent's disk. Null when the study kept no files, and for attempts stored before.
ALTER TABLE attempt ADD COLUMN kept_files TEXT;
