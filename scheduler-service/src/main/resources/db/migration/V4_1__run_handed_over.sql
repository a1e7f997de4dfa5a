-- When the transport took the run's current request (ZeroMQ: handed to an agent; RabbitMQ: stored by the broker);
-- null while it waits in the scheduler for an agent. A restarted scheduler supersedes the DISPATCHED runs without
-- it (their request died with the old process) and leaves the others to the agents or the broker (docs/design.md,
-- "One live request per run").
ALTER TABLE run ADD COLUMN handed_over_at TIMESTAMP(6) WITH TIME ZONE;
