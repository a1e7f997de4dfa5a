package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.StudyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Closes studies whose runs have all ended (and whose sampler, if they have one, is no longer open), in the
 * caller's transaction. The loop asks it about the studies whose
 * runs ended in the batch it just applied, so that a study completes as soon as its last result is applied; the
 * lease sweep asks about every ACTIVE study as a safety net.
 */
@ApplicationScoped
public class StudyCloser {

    private static final Logger LOG = Logger.getLogger(StudyCloser.class);

    private final StudyCache studies;
    private final EndedPools pools;
    private final SamplerSupervisor samplers;

    public StudyCloser(StudyCache studies, EndedPools pools, SamplerSupervisor samplers) {
        this.studies = studies;
        this.pools = pools;
        this.samplers = samplers;
    }

    /** Checks the given studies only. */
    public List<String> closeFinished(Connection connection, Collection<String> studyIds, Instant now)
            throws SQLException {
        if (studyIds.isEmpty()) {
            return List.of();
        }
        // a sampler whose budget ran out stops first, so that its study completes in this transaction
        samplers.check(connection, studyIds, now);
        return closed(StudyStore.completeFinished(connection, studyIds, now));
    }

    /** Checks every ACTIVE study. */
    public List<String> closeAllFinished(Connection connection, Instant now) throws SQLException {
        samplers.checkAllOpen(connection, now); // time budgets run out between results
        return closed(StudyStore.completeFinished(connection, now));
    }

    private List<String> closed(List<String> completed) {
        for (String studyId : completed) {
            LOG.infof("Study(id=%s) completed: every run has ended", studyId);
            pools.studyEnded(studyId, studies.forget(studyId));
        }
        return completed;
    }
}
