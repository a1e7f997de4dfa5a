-- A study's launch section (the agents the scheduler starts for it) as JSON; null for a study without one. Numbered
-- 4.93 so that it does not collide with other changes numbered 4.x or 5 made at the same time.
ALTER TABLE study ADD COLUMN launch VARCHAR(4000);
