package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Cancels one run of a study, in the caller's transaction: the run becomes CANCELLED with error
 * {@value CancelReasons#RUN}, its agent (if one has it) is told to stop it once that has committed, and the
 * study goes on. If it was the study's last unfinished run, the study completes at once.
 */
@ApplicationScoped
public class RunCanceller {

    private static final Logger LOG = Logger.getLogger(RunCanceller.class);

    /** What became of a cancel request. */
    public enum Outcome {
        /** The run was unfinished and is CANCELLED now. */
        CANCELLED,
        /** The study has no run with this id. */
        UNKNOWN_RUN,
        /** The run had ended already; nothing changed. */
        ALREADY_ENDED
    }

    /**
     * @param state the run's state afterwards (null for an unknown run)
     * @param seq   the run's position in its study (-1 for an unknown run)
     */
    public record Result(Outcome outcome, RunState state, long seq) {

        /** Whether a run changed, so that the loop dispatches at once into the slot that came free. */
        public boolean changed() {
            return outcome == Outcome.CANCELLED;
        }
    }

    private final RunStopper stopper;
    private final StudyCloser closer;

    public RunCanceller(RunStopper stopper, StudyCloser closer) {
        this.stopper = stopper;
        this.closer = closer;
    }

    public Result cancel(Connection connection, String studyId, String runId, Instant now) throws SQLException {
        RunRow run = RunStore.byIds(connection, List.of(runId)).get(runId);
        if (run == null || !run.studyId().equals(studyId)) {
            return new Result(Outcome.UNKNOWN_RUN, null, -1);
        }
        if (run.state().isTerminal()) {
            return new Result(Outcome.ALREADY_ENDED, run.state(), run.seq());
        }
        boolean onAgent = RunState.IN_FLIGHT.contains(run.state());
        RunRef attempt = run.ref();
        stopper.cancel(connection, List.of(run), CancelReasons.RUN, now);
        closer.closeFinished(connection, List.of(studyId), now);
        LOG.infof("%s of Study(id=%s) cancelled%s", attempt, studyId, onAgent ? "; telling its agent to stop it" : "");
        return new Result(Outcome.CANCELLED, RunState.CANCELLED, run.seq());
    }
}
