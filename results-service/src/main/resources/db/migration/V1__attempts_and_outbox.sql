-- One script for PostgreSQL and H2 (H2 runs with DATABASE_TO_LOWER=TRUE so that unquoted names
-- match PostgreSQL's). Flyway creates the schema and runs this with it as the default schema.

-- Every result ever received: one row per (run, attempt). A run's later attempts never replace its
-- earlier ones; the results table picks the highest attempt per run.
CREATE TABLE attempt (
    run_id      VARCHAR(255)             NOT NULL,
    attempt     INTEGER                  NOT NULL,
    study_id    VARCHAR(255)             NOT NULL,
    seq         BIGINT                   NOT NULL,
    params      TEXT                     NOT NULL,
    param_hash  VARCHAR(64)              NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    exit_code   INTEGER,
    outputs     TEXT                     NOT NULL,
    error       TEXT,
    stderr_tail TEXT,
    agent_id    VARCHAR(255)             NOT NULL,
    host        VARCHAR(255),
    started_at  TIMESTAMP(6) WITH TIME ZONE,
    ended_at    TIMESTAMP(6) WITH TIME ZONE,
    received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT attempt_pk PRIMARY KEY (run_id, attempt)
);

CREATE INDEX attempt_study_seq_idx ON attempt (study_id, seq);

-- Completion events, written in the same transaction as their attempt. event_id increases in
-- commit order because one writer thread commits the batches one after the other. The payload is
-- the RunCompleted as JSON; its eventId is this row's event_id, known only after the insert, so it
-- is filled in when the row is read.
CREATE TABLE outbox (
    event_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study_id   VARCHAR(255)             NOT NULL,
    payload    TEXT                     NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    relayed_at TIMESTAMP(6) WITH TIME ZONE
);

CREATE INDEX outbox_study_event_idx ON outbox (study_id, event_id);
CREATE INDEX outbox_relay_idx ON outbox (relayed_at, event_id);
