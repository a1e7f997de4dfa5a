-- The next seq a run of the study gets (SeqCounter): extensions and the runs of later stages take their seqs from it
-- instead of MAX(seq), so that a long extension and the scheduler loop never number the same seqs. Numbered 4.92
-- so that it does not collide with other changes numbered 4.x made at the same time.
ALTER TABLE study ADD COLUMN next_seq BIGINT DEFAULT 0 NOT NULL;
UPDATE study SET next_seq = (SELECT COALESCE(MAX(r.seq) + 1, 0) FROM run r WHERE r.study_id = study.id);
