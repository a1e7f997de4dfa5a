-- Per-study event numbers (docs/results-service.md, "Event numbers"): every outbox row gets study_seq, 1, 2, 3...
-- without gaps per study, assigned by the one writer thread in the transaction of the attempt (or the stop) it
-- announces. Clients resume after it (Last-Event-ID, ?afterSeq=). event_type tells a run's completion from a
-- study's stop. Events stored before are numbered here in event id order, which is their commit order.
ALTER TABLE outbox ADD COLUMN study_seq BIGINT;
ALTER TABLE outbox ADD COLUMN event_type VARCHAR(32) DEFAULT 'run.completed' NOT NULL;
MERGE INTO outbox o
    USING (SELECT event_id, ROW_NUMBER() OVER (PARTITION BY study_id ORDER BY event_id) AS n FROM outbox) numbered
    ON o.event_id = numbered.event_id
    WHEN MATCHED THEN UPDATE SET study_seq = numbered.n;
ALTER TABLE outbox ALTER COLUMN study_seq SET NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_study_seq_uk UNIQUE (study_id, study_seq);

-- Where a run came from in its study's sampler loop (RunResult.sampler): the ask/tell client's point id and the
-- round that proposed it. Null outside a sampler loop, and for attempts stored before.
ALTER TABLE attempt ADD COLUMN client_point_id VARCHAR(255);
ALTER TABLE attempt ADD COLUMN sampler_round INTEGER;
