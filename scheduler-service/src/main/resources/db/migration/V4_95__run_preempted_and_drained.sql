-- Why a run's earlier attempts ended, beside lost_count (agent gone, uses the crash limit) and failure_count (the
-- run's own error, uses retries): preempted_count counts attempts an agent killed mid-way because it was stopped as
-- its allocation ended (preemption, scancel, walltime), drained_count attempts an agent handed back unfinished
-- (draining, or a deadline with no room for the run). Neither uses retries nor the crash limit (docs/design.md).
ALTER TABLE run ADD COLUMN preempted_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN drained_count INTEGER NOT NULL DEFAULT 0;
