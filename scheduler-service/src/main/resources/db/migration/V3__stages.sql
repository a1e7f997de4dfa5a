-- Stages (docs/study-format.md, "Stages"): runs of a later stage are made as runs of the stage before succeed. One
-- script for PostgreSQL and H2, one change per statement.

-- The later stages of a study as JSON (name, run spec, policy, uses, expanded points); null for a study without.
ALTER TABLE study ADD COLUMN stages TEXT;

-- Each run's stage: its position (0 for the study's own runs), its name, and the run of the stage before whose
-- result made it (null in stage 0).
ALTER TABLE run ADD COLUMN stage_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN stage VARCHAR(200) NOT NULL DEFAULT 'main';
ALTER TABLE run ADD COLUMN parent_run_id VARCHAR(36);
