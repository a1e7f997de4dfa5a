-- Growing studies (extend, repeat, resume), dry runs and the provenance of a submission. One script for
-- PostgreSQL and H2, one change per statement.

-- How many copies of its parameter set POST /studies/{id}/repeat had made before this run: 0 for the runs of
-- the document and of extensions, 1 for the first repeat of a set, and so on.
ALTER TABLE run ADD COLUMN repetition INTEGER NOT NULL DEFAULT 0;

-- Skipping duplicates and repeating look runs up by parameter set within a study.
CREATE INDEX run_study_hash_idx ON run (study_id, param_hash);

-- The Content-Type the document was submitted with, to answer GET /studies/{id}/document with it.
ALTER TABLE study ADD COLUMN document_type VARCHAR(200);

-- Where the submission came from, as the CLI reports it; every column is optional.
ALTER TABLE study ADD COLUMN source_commit VARCHAR(64);
ALTER TABLE study ADD COLUMN source_dirty BOOLEAN;
ALTER TABLE study ADD COLUMN client_directory VARCHAR(4096);
ALTER TABLE study ADD COLUMN client_user VARCHAR(200);
