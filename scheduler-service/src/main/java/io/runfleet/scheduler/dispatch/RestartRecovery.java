package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What a starting scheduler owes the runs an earlier process left in flight (it stopped, or was killed). It never
 * sends an attempt's request a second time: two copies of one attempt could run on two agents and not be told apart.
 *
 * <ul>
 *   <li>RUNNING runs get a full lease from now: their agents kept working and report to this process as
 *       soon as they reconnect; the time nobody listened must not count as their silence.</li>
 *   <li>DISPATCHED runs whose request the transport had taken: it is at an agent (ZeroMQ), whose claim reaches
 *       this process once it reconnects, so a claim lease that ran out meanwhile gets a lease duration from now as
 *       RUNNING runs do; or it waits in the broker (RabbitMQ), which delivers it when an agent asks.</li>
 *   <li>DISPATCHED runs whose request the transport had not taken: it died in the earlier process's buffers, or
 *       went out just before the process died without its hand-over being recorded. They go back to PENDING and
 *       the first dispatch sends a new attempt. Agents are told that the old attempt is superseded; a copy of it
 *       that runs anyway is stale, its result kept in history only, and stopped at its first report
 *       ({@link CancelEcho}).</li>
 * </ul>
 */
@ApplicationScoped
public class RestartRecovery {

    private static final Logger LOG = Logger.getLogger(RestartRecovery.class);

    private final SchedulerConfig config;
    private final CancelBroadcaster broadcaster;

    public RestartRecovery(SchedulerConfig config, CancelBroadcaster broadcaster) {
        this.config = config;
        this.broadcaster = broadcaster;
    }

    /** Renews leases and supersedes lost requests in the caller's transaction; returns whether any run changed. */
    public boolean recover(Connection connection, Instant now) throws SQLException {
        List<RunRow> inFlight = RunStore.inFlight(connection);
        List<RunRef> superseded = new ArrayList<>();
        int running = 0;
        int handedOver = 0;
        Instant grace = now.plus(config.leaseDuration());
        for (RunRow run : inFlight) {
            if (run.state() == RunState.DISPATCHED && run.handedOverAt() == null) {
                superseded.add(run.ref());
                RunLifecycle.unclaimed(run);
                continue;
            }
            boolean isRunning = run.state() == RunState.RUNNING;
            if (isRunning) {
                running++;
            } else {
                handedOver++;
            }
            // a DISPATCHED run without a lease waits in a broker that redelivers it: it needs none
            boolean leased = isRunning || run.leaseDeadline() != null;
            if (leased && (run.leaseDeadline() == null || run.leaseDeadline().isBefore(grace))) {
                run.leaseUntil(grace);
            }
        }
        RunStore.update(connection, inFlight, now);
        if (!superseded.isEmpty()) {
            broadcaster.afterCommit(superseded, CancelReasons.SUPERSEDED);
        }
        if (!inFlight.isEmpty()) {
            LOG.infof("found %d runs in flight from an earlier process: %d RUNNING leased until agents report, "
                    + "%d DISPATCHED with their request at an agent or broker, %d DISPATCHED whose request died with "
                    + "it pending again for a new attempt", inFlight.size(), running, handedOver, superseded.size());
        }
        return !inFlight.isEmpty();
    }
}
