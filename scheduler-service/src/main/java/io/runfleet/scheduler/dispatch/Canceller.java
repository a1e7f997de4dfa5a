package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.InFlightRuns;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.SamplerState;
import io.runfleet.scheduler.persistence.RunSlices;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Cancels a study: its unfinished runs become CANCELLED and the study CANCELLED; once that has committed, the agents
 * are told to stop the runs they were executing. A study the scheduler fails ends the same way, with its reason.
 */
@ApplicationScoped
public class Canceller {

    private static final Logger LOG = Logger.getLogger(Canceller.class);

    private final StudyCache studies;
    private final CancelBroadcaster broadcaster;
    private final StudySlices slices;
    private final EndedPools pools;
    private final SamplerSupervisor samplers;

    public Canceller(StudyCache studies, CancelBroadcaster broadcaster, StudySlices slices, EndedPools pools,
                     SamplerSupervisor samplers) {
        this.pools = pools;
        this.samplers = samplers;
        this.studies = studies;
        this.broadcaster = broadcaster;
        this.slices = slices;
    }

    /** @return whether the study was ACTIVE and is now CANCELLED */
    public boolean cancel(Connection connection, String studyId, Instant now) throws SQLException {
        if (!StudyStore.end(connection, studyId, StudyState.CANCELLED, now)) {
            return false;
        }
        stopRuns(connection, studyId, StudyState.CANCELLED, null, CancelReasons.STUDY, now);
        // a sampler loop ends with its study; a resume reruns its runs, the sampler stays stopped
        samplers.end(connection, studyId, SamplerState.STOPPED, CancelReasons.STUDY, false, now);
        return true;
    }

    /**
     * Fails a study the scheduler cannot go on with: FAILED with the reason, its unfinished runs CANCELLED with
     * the reason as their error, agents told to stop them.
     *
     * @return whether the study was ACTIVE (or a dry run) and is now FAILED
     */
    public boolean fail(Connection connection, String studyId, String reason, Instant now) throws SQLException {
        if (!StudyStore.fail(connection, studyId, reason, now)) {
            return false;
        }
        stopRuns(connection, studyId, StudyState.FAILED, CancelReasons.studyFailed(reason),
                CancelReasons.studyFailed(reason), now);
        samplers.end(connection, studyId, SamplerState.STOPPED, CancelReasons.studyFailed(reason), false, now);
        LOG.errorf("Study(id=%s) FAILED: %s", studyId, reason);
        return true;
    }

    /**
     * Runs agents may hold are CANCELLED at once (the broadcast after the commit names them; there are at most about
     * maxParallel of them); the waiting ones a slice at a time, the first slice now, the rest in the next loop rounds
     * ({@link StudySlices}), so that a million-run study does not hold the loop. None of them is dispatched meanwhile:
     * the study is no longer ACTIVE.
     */
    private void stopRuns(Connection connection, String studyId, StudyState ended, String runError,
                          String broadcastReason, Instant now) throws SQLException {
        // read before the move: afterwards they are CANCELLED like the runs no agent had
        List<RunRef> onAgents = InFlightRuns.ofStudy(connection, studyId);
        int cancelled = RunSlices.end(connection, studyId, RunSlices.IN_FLIGHT, RunState.CANCELLED, runError, now,
                Integer.MAX_VALUE);
        int waiting = RunSlices.end(connection, studyId, RunSlices.WAITING, RunState.CANCELLED, runError, now,
                StudySlices.SLICE);
        if (waiting == StudySlices.SLICE) {
            slices.ending(studyId, ended, runError);
        }
        pools.studyEnded(studyId, studies.forget(studyId));
        broadcaster.afterCommit(onAgents, broadcastReason);
        LOG.infof("Study(id=%s) ended (%s): %d runs CANCELLED, %d of them on agents%s", studyId, broadcastReason,
                cancelled + waiting, onAgents.size(), waiting == StudySlices.SLICE ? "; the rest in slices" : "");
    }
}
