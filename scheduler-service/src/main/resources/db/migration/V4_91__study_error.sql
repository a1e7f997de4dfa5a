-- Why the scheduler failed a study (state FAILED: a stored spec, policy or stages it cannot read); null otherwise.
-- Numbered 4.91 so that it does not collide with other changes numbered 4.x made at the same time.
ALTER TABLE study ADD COLUMN error TEXT;
