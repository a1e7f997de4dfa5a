-- Sampler loops (docs/study-format.md, "Sampler loops"): a study whose points a sampler gives, the built-in one
-- (kind ADAPTIVE) or an ask/tell client (EXTERNAL). One row per sampler study: its validated section as JSON, the
-- study's constants (merged into every point) and the loop's state. OPEN: it may make runs, and the study does not
-- complete; CLOSED: its client closed it; STOPPED: a budget or stop rule ended it (stop_reason says which).
-- Numbered 4.96 so that it does not collide with other changes numbered 4.x or 5 made at the same time.
CREATE TABLE sampler (
    study_id    VARCHAR(32)   NOT NULL PRIMARY KEY REFERENCES study (id),
    kind        VARCHAR(16)   NOT NULL,
    section     TEXT          NOT NULL,
    constants   TEXT          NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    stop_reason VARCHAR(2000),
    closed_at   TIMESTAMP(6) WITH TIME ZONE
);

CREATE INDEX sampler_state_idx ON sampler (state);

-- Per run of a sampler study: the id its client posted the point with (unique within the study; null for points
-- the built-in sampler chose and for runs of parameter studies), the round that proposed it, the objective's value
-- once its result is applied (null until then, and for a result without a usable value), and sampler_fed: null
-- while the run has not ended, false once it ended (set in the transaction that applies its terminal state), true
-- once the built-in sampler took the result into its model; so each result is fed exactly once, across restarts.
-- cancel_requested: a client asked to cancel the run (POST /studies/{id}/cancellations), also after it ended.
ALTER TABLE run ADD COLUMN client_point_id VARCHAR(200);
ALTER TABLE run ADD COLUMN sampler_round INTEGER;
ALTER TABLE run ADD COLUMN objective_value DOUBLE PRECISION;
ALTER TABLE run ADD COLUMN sampler_fed BOOLEAN;
ALTER TABLE run ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;

-- Both databases let several rows hold null in a unique index: only ids a client gave are unique.
CREATE UNIQUE INDEX run_study_client_point_idx ON run (study_id, client_point_id);
