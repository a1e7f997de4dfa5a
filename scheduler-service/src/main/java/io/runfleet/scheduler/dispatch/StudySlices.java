package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunSlices;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.persistence.StudyTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jboss.logging.Logger;

/**
 * The rest of a cancel, a failure or a resume too large for one loop transaction: the loop moves one slice of
 * {@link #SLICE} runs per round ({@link RunSlices}) and serves every other study in between. Used by the loop thread
 * only.
 *
 * <p>An ended study's waiting runs are never dispatched (only ACTIVE studies are), so ending them later changes only
 * what the counts show meanwhile; a restart finds such studies again in the database and finishes them. A resume's
 * remaining slices live in this process only: after a restart in the middle of one, resume the study again.
 */
@ApplicationScoped
public class StudySlices {

    /**
     * Most runs one loop transaction moves: a few hundred milliseconds of work even on a busy machine, so that
     * reports and dispatch of other studies wait at most that long.
     */
    public static final int SLICE = 5_000;

    private static final Logger LOG = Logger.getLogger(StudySlices.class);

    /** A study whose waiting runs still go to CANCELLED while it stays {@code state}. */
    private record Ending(String studyId, StudyState state, String error) implements Work {
    }

    /** A resume that has reached {@code afterSeq}. */
    private record Resuming(String studyId, long afterSeq) implements Work {
    }

    private sealed interface Work permits Ending, Resuming {
    }

    private final Deque<Work> work = new ArrayDeque<>();
    private boolean seeded;

    /** The waiting runs of a study that just ended (CANCELLED or FAILED) are ended in the next rounds. */
    void ending(String studyId, StudyState state, String error) {
        work.add(new Ending(studyId, state, error));
    }

    /** The resumable runs of an ACTIVE study after {@code afterSeq} are resumed in the next rounds. */
    public void resuming(String studyId, long afterSeq) {
        work.add(new Resuming(studyId, afterSeq));
    }

    /** Whether a slice waits (or the studies a previous process left half ended have not been looked for yet). */
    boolean pending() {
        return !seeded || !work.isEmpty();
    }

    /**
     * One slice of the first piece of work, which then goes to the back of the queue if runs are left, so that
     * several large studies share the rounds.
     *
     * @return whether any run changed
     */
    boolean step(Connection connection, Instant now) throws SQLException {
        if (!seeded) {
            seed(connection);
            seeded = true;
        }
        Work next = work.poll();
        if (next == null) {
            return false;
        }
        try {
            return step(connection, next, now);
        } catch (SQLException | RuntimeException e) {
            work.addFirst(next); // the transaction fails: the same slice again next round
            throw e;
        }
    }

    private boolean step(Connection connection, Work next, Instant now) throws SQLException {
        if (next instanceof Ending ending) {
            if (StudyStore.state(connection, ending.studyId()).orElse(null) != ending.state()) {
                return false; // resumed meanwhile: its runs are its own again
            }
            int moved = RunSlices.end(connection, ending.studyId(), RunSlices.WAITING, RunState.CANCELLED,
                    ending.error(), now, SLICE);
            if (moved == SLICE) {
                work.add(ending);
            } else {
                LOG.infof("Study(id=%s) %s: its last waiting runs are CANCELLED", ending.studyId(), ending.state());
            }
            return moved > 0;
        }
        Resuming resuming = (Resuming) next;
        StudyState state = StudyStore.state(connection, resuming.studyId()).orElse(null);
        if (state != StudyState.ACTIVE && state != StudyState.COMPLETED) {
            return false; // cancelled or failed meanwhile: the user's later decision stands
        }
        RunSlices.Slice slice = RunSlices.resume(connection, resuming.studyId(), resuming.afterSeq(), now, SLICE);
        if (slice.count() > 0 && state == StudyState.COMPLETED) {
            // every run resumed so far ended before this slice: the study goes on with the runs of this one
            StudyTransitions.reopen(connection, resuming.studyId());
        }
        if (slice.count() == SLICE) {
            work.add(new Resuming(resuming.studyId(), slice.lastSeq()));
        } else {
            LOG.infof("Study(id=%s) resumed up to its last run", resuming.studyId());
        }
        return slice.count() > 0;
    }

    /** Studies that ended while a previous process was still ending their waiting runs. */
    private void seed(Connection connection) throws SQLException {
        for (StudyStore.EndedStudy study : StudyStore.endedWithWaitingRuns(connection)) {
            String error = study.state() == StudyState.FAILED ? CancelReasons.studyFailed(study.error()) : null;
            LOG.infof("Study(id=%s) is %s with waiting runs left; ending them", study.id(), study.state());
            work.add(new Ending(study.id(), study.state(), error));
        }
    }
}
