package io.runfleet.wire;

import java.util.List;

/**
 * Scheduler to every agent: stop these attempts, they were cancelled. Broadcast to all agents; an agent
 * kills the runs among them that it executes and ignores the others. The scheduler has already marked
 * the runs CANCELLED when it sends this, so nothing the agent reports about them afterwards changes them.
 *
 * @param runs   the attempts to stop; an attempt other than the one an agent holds is not stopped
 * @param reason why, for people: the agent sends it as the error of the attempt's CANCELLED result
 */
public record CancelRuns(
        int schemaVersion,
        List<RunRef> runs,
        String reason) implements WireMessage {

    public CancelRuns {
        runs = NullFree.list(runs, "runs");
    }
}
