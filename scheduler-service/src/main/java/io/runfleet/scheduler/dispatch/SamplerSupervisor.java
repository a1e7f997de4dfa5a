package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.SamplerState;
import io.runfleet.scheduler.persistence.SamplerStore;
import io.runfleet.scheduler.persistence.StoredSampler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ends sampler loops, in the caller's transaction: stops an open sampler whose budget ran out
 * ({@link SamplerStopRule}), and closes one at its client's request. Either way the sampler makes no more runs,
 * its runs in flight finish or are cancelled, and {@link #samplerStopped} learns of it once that has committed.
 * {@link StudyCloser} asks it before it completes studies, so a study whose budget just ran out completes in the
 * same transaction when nothing of it is left in flight.
 */
@ApplicationScoped
public class SamplerSupervisor {

    private static final Logger LOG = Logger.getLogger(SamplerSupervisor.class);

    private final RunStopper stopper;
    private final TransactionSynchronizationRegistry transactions;
    private final StudyStoppedPublisher stops;

    public SamplerSupervisor(RunStopper stopper, TransactionSynchronizationRegistry transactions,
                             StudyStoppedPublisher stops) {
        this.stopper = stopper;
        this.transactions = transactions;
        this.stops = stops;
    }

    /** Stops the open samplers of these studies whose budget ran out. */
    public void check(Connection connection, Collection<String> studyIds, Instant now) throws SQLException {
        for (String studyId : studyIds) {
            Optional<StoredSampler> sampler = SamplerStore.find(connection, studyId);
            if (sampler.isPresent() && sampler.get().isOpen()) {
                check(connection, sampler.get(), now);
            }
        }
    }

    /** Stops every open sampler of an ACTIVE study whose budget ran out: the sweep's check, for maxTime. */
    public void checkAllOpen(Connection connection, Instant now) throws SQLException {
        for (StoredSampler sampler : SamplerStore.openOfActiveStudies(connection)) {
            check(connection, sampler, now);
        }
    }

    private void check(Connection connection, StoredSampler sampler, Instant now) throws SQLException {
        SamplerRuns.Tally runs = SamplerRuns.tally(connection, sampler.studyId());
        Optional<SamplerStopRule.Stop> stop = SamplerStopRule.check(sampler.section(), runs, sampler.submittedAt(),
                now);
        if (stop.isPresent()) {
            end(connection, sampler.studyId(), SamplerState.STOPPED, stop.get().reason(),
                    stop.get().cancelInFlight(), now);
        }
    }

    /**
     * Ends the study's sampler as CLOSED or STOPPED, when it is open; cancels its unfinished runs when asked, open or
     * not (a second close may cancel what a first left to drain).
     *
     * @return whether the sampler was open
     */
    public boolean end(Connection connection, String studyId, SamplerState state, String reason,
                       boolean cancelInFlight, Instant now) throws SQLException {
        boolean ended = SamplerStore.end(connection, studyId, state, reason, now);
        int cancelled = 0;
        if (cancelInFlight) {
            List<String> unfinished = SamplerRuns.unfinishedIds(connection, studyId);
            Collection<RunRow> runs = RunStore.byIds(connection, unfinished).values();
            cancelled = stopper.cancel(connection, runs, CancelReasons.RUN, now).size();
        }
        if (ended) {
            LOG.infof("Study(id=%s): sampler %s (%s)%s", studyId, state, reason,
                    cancelInFlight ? "; " + cancelled + " runs in flight cancelled" : "; runs in flight finish");
            AfterCommit.register(transactions, () -> samplerStopped(studyId, reason));
        }
        return ended;
    }

    /**
     * The sampler of study {@code studyId} stopped with reason {@code reason} (budget, stop rule or its client's
     * close), called once the change has committed: the results service's event stream tells its clients
     * ({@code study.stopped}).
     */
    void samplerStopped(String studyId, String reason) {
        stops.stopped(studyId, reason);
    }
}
