package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Takes back runs whose lease ran out and closes studies whose runs have all ended. */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);
    private static final int MAX_PER_SWEEP = 5_000;

    private final StudyCache studies;
    private final StudyCloser closer;
    private final CancelBroadcaster broadcaster;

    public LeaseSweeper(StudyCache studies, StudyCloser closer, CancelBroadcaster broadcaster) {
        this.studies = studies;
        this.closer = closer;
        this.broadcaster = broadcaster;
    }

    /** @return whether any run or study changed */
    public boolean sweep(Connection connection, Instant now) throws SQLException {
        List<RunRow> expired = RunStore.expired(connection, now, MAX_PER_SWEEP);
        List<RunRef> superseded = new ArrayList<>();
        for (RunRow run : expired) {
            Optional<StoredStudy> study = studies.get(connection, run.studyId());
            if (study.isEmpty()) {
                continue;
            }
            RunState before = run.state();
            RunRef attempt = run.ref();
            RunLifecycle.leaseExpired(run, study.get().policy(run.stageIndex()), now);
            if (before == RunState.RUNNING) {
                LOG.warnf("%s lost: agent %s on %s stopped reporting (loss %d of at most %d retried); now %s",
                        run.ref(), run.agentId(), run.host(), run.lostCount(),
                        study.get().policy(run.stageIndex()).crashLimit(),
                        run.state());
            } else {
                // the request was handed to an agent (a waiting one has no lease): it died or lost it, or is cut off
                LOG.infof("%s was handed to an agent that did not claim it before its claim lease ran out; "
                        + "pending again for a new attempt", run.ref());
                superseded.add(attempt);
            }
        }
        RunStore.update(connection, expired, now);
        if (!superseded.isEmpty()) {
            broadcaster.afterCommit(superseded, CancelReasons.SUPERSEDED);
        }
        List<String> completed = closer.closeAllFinished(connection, now);
        return !expired.isEmpty() || !completed.isEmpty();
    }
}
