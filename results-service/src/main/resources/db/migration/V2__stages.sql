-- Stages (docs/study-format.md, "Stages"): each attempt records the stage its run belongs to and the run of the
-- stage before whose result made it. Attempts stored before stages existed are of the first stage, "main".
ALTER TABLE attempt ADD COLUMN stage VARCHAR(200) NOT NULL DEFAULT 'main';
ALTER TABLE attempt ADD COLUMN parent_run_id VARCHAR(255);
