package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.StudyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Cancels runs of a study by id (POST /studies/{id}/cancellations), in the caller's transaction, the way libEnsemble
 * does: a run not yet dispatched is never sent, one on an agent is stopped there, one that ended keeps its result and
 * only records that its cancel was asked for. Asking again changes nothing. Any study's runs may be cancelled so.
 */
@ApplicationScoped
public class RunCancellations {

    private static final Logger LOG = Logger.getLogger(RunCancellations.class);

    public enum Outcome { CANCELLED, ALREADY_ENDED, NOT_FOUND }

    /**
     * @param state           the run's state afterwards; null for NOT_FOUND
     * @param cancelRequested whether the run carries a client's cancel request (false for NOT_FOUND)
     */
    public record Cancellation(String runId, Outcome outcome, RunState state, boolean cancelRequested) {
    }

    private final RunStopper stopper;
    private final StudyCloser closer;

    public RunCancellations(RunStopper stopper, StudyCloser closer) {
        this.stopper = stopper;
        this.closer = closer;
    }

    /** @throws SamplerRefused 404 for an unknown study */
    public List<Cancellation> cancel(Connection connection, String studyId, List<String> runIds, Instant now)
            throws SQLException {
        if (StudyStore.state(connection, studyId).isEmpty()) {
            throw new SamplerRefused(404, "no study with id '" + studyId + "'; GET /studies lists the known ones");
        }
        Set<String> distinct = new LinkedHashSet<>(runIds);
        Map<String, RunRow> runs = RunStore.byIds(connection, distinct);
        runs.values().removeIf(run -> !run.studyId().equals(studyId));
        List<RunRow> unfinished = runs.values().stream().filter(run -> !run.state().isTerminal()).toList();
        Set<String> cancelled = new LinkedHashSet<>();
        stopper.cancel(connection, unfinished, CancelReasons.RUN, now).forEach(run -> cancelled.add(run.id()));
        SamplerRuns.markCancelRequested(connection, runs.keySet());
        if (!cancelled.isEmpty()) {
            LOG.infof("Study(id=%s): %d runs cancelled by request: %s", studyId, cancelled.size(), cancelled);
            closer.closeFinished(connection, List.of(studyId), now);
        }
        List<Cancellation> result = new ArrayList<>();
        for (String id : runIds) {
            RunRow run = runs.get(id);
            if (run == null) {
                result.add(new Cancellation(id, Outcome.NOT_FOUND, null, false));
            } else {
                result.add(new Cancellation(id, cancelled.contains(id) ? Outcome.CANCELLED : Outcome.ALREADY_ENDED,
                        run.state(), true));
            }
        }
        return result;
    }
}
