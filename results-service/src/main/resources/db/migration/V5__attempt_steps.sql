-- How each step of an attempt ended (docs/results-service.md, "Steps"): the attempt's StepRecord list as JSON text
-- (name, outcome, exit code, duration per step, in the order they ran). Null for attempts of the short form (one
-- command or builtin) and for attempts stored before.
ALTER TABLE attempt ADD COLUMN steps TEXT;
