-- An agent id may have as many characters as the wire allows (Identifiers.MAX_LENGTH, 255), as in the results
-- service's attempt table: with 200 here, an agent id of 201-255 characters was stored by the results service and
-- then refused by this database on every resend of its completion event.
ALTER TABLE run ALTER COLUMN agent_id SET DATA TYPE VARCHAR(255);
