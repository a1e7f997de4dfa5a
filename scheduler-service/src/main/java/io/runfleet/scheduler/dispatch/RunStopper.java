package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Cancels given runs that have not ended, in the caller's transaction: each becomes CANCELLED with its reason as
 * error, through the transition table; the agents holding them are told to stop them once that has committed. A run
 * PENDING or RETRYING is simply never sent. Runs that ended are left as they are. Whether the study completed is for
 * the caller to check ({@link StudyCloser}).
 */
@ApplicationScoped
public class RunStopper {

    private final CancelBroadcaster broadcaster;

    public RunStopper(CancelBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /** @return the runs cancelled now */
    public List<RunRow> cancel(Connection connection, Collection<RunRow> runs, String reason, Instant now)
            throws SQLException {
        List<RunRow> cancelled = new ArrayList<>();
        List<RunRef> onAgents = new ArrayList<>();
        for (RunRow run : runs) {
            if (run.state().isTerminal()) {
                continue;
            }
            if (RunState.IN_FLIGHT.contains(run.state())) {
                onAgents.add(run.ref());
            }
            run.moveTo(RunState.CANCELLED);
            run.clearLease();
            run.endedAt(now);
            run.outcome(null, reason);
            cancelled.add(run);
        }
        RunStore.update(connection, cancelled, now);
        broadcaster.afterCommit(onAgents, reason);
        return cancelled;
    }
}
