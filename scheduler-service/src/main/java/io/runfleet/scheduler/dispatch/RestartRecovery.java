package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.wire.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a starting scheduler owes the runs an earlier process left in flight (it stopped, or was killed).
 *
 * <ul>
 *   <li>RUNNING runs get a full lease from now: their agents kept working and report to this process as
 *       soon as they reconnect; the time nobody listened must not count as their silence.</li>
 *   <li>DISPATCHED runs get their request sent again, for the same attempt, with a fresh claim lease. The
 *       earlier process may have died with the request still in its send queue (ZeroMQ keeps none; a
 *       RabbitMQ publish may not have been confirmed); without this the run would wait out the whole claim
 *       timeout. A request delivered twice is harmless: both copies carry the same attempt, an agent holding
 *       it drops the copy, and the results service keeps one result per (run, attempt).</li>
 * </ul>
 */
@ApplicationScoped
public class RestartRecovery {

    private static final Logger LOG = Logger.getLogger(RestartRecovery.class);

    private final SchedulerConfig config;
    private final StudyCache studies;
    private final Dispatcher dispatcher;

    public RestartRecovery(SchedulerConfig config, StudyCache studies, Dispatcher dispatcher) {
        this.config = config;
        this.studies = studies;
        this.dispatcher = dispatcher;
    }

    /** Renews the leases in the caller's transaction; returns the requests to send once it committed. */
    public List<RunRequest> recover(Connection connection, Instant now) throws SQLException {
        List<RunRow> inFlight = RunStore.inFlight(connection);
        List<RunRequest> resend = new ArrayList<>();
        int running = 0;
        for (RunRow run : inFlight) {
            if (run.state() == RunState.RUNNING) {
                Instant grace = now.plus(config.leaseDuration());
                if (run.leaseDeadline() == null || run.leaseDeadline().isBefore(grace)) {
                    run.leaseUntil(grace);
                }
                running++;
            } else {
                Optional<StoredStudy> study = studies.get(connection, run.studyId());
                if (study.isPresent()) {
                    run.leaseUntil(now.plus(config.claimTimeout()));
                    resend.add(dispatcher.request(study.get(), run));
                }
            }
        }
        RunStore.update(connection, inFlight, now);
        if (!inFlight.isEmpty()) {
            LOG.infof("found %d runs in flight from an earlier process: %d RUNNING leased until agents report, "
                    + "%d DISPATCHED sent again", inFlight.size(), running, resend.size());
        }
        return resend;
    }
}
