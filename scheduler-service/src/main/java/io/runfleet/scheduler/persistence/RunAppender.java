package io.runfleet.scheduler.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.runfleet.wire.ParamHash;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Appends runs to a stored study: the points of an extension, or copies of the study's parameter sets (a repeat).
 * New runs get seqs after every seq taken so far; earlier runs are never touched. A COMPLETED study becomes ACTIVE
 * again. Both concern stage 0 (the study's own parameters): the runs of later stages follow from them as they succeed.
 *
 * <p>Runs are inserted here, outside the scheduler loop, like a new study's, and without holding anything the loop
 * waits for: one extension may hold a million runs and take minutes. A short transaction checks the study and takes
 * the new runs' seqs from the study's counter ({@link SeqCounter}); a second one inserts the runs and, last, adds
 * them to the study's {@code total_runs} (and makes a COMPLETED study ACTIVE). The runs become visible together
 * with the higher total, or not at all, which is what keeps the loop from completing a study that just grew
 * ({@link StudyStore#completeFinished}). The loop may meanwhile complete, cancel or fail the study, or make runs of
 * its later stages, without waiting: the inserts lock nothing of the study's row but its key. If the study was
 * cancelled or failed meanwhile, the extension adds nothing and is refused.
 */
@ApplicationScoped
public class RunAppender {

    /** The states in which a study may grow. A CANCELLED study is resumed first. */
    public static final Set<StudyState> GROWABLE =
            Collections.unmodifiableSet(EnumSet.of(StudyState.ACTIVE, StudyState.COMPLETED, StudyState.DRY_RUN));

    private static final Logger LOG = Logger.getLogger(RunAppender.class);
    private static final int CHUNK = 500;
    /** A million runs take minutes on a busy machine: far longer than the default transaction timeout. */
    private static final int INSERT_TIMEOUT_SECONDS = 900;
    /** Locks that make growths of one study follow each other, shared by studies whose ids hash alike. */
    private static final int GROWTH_LOCKS = 64;

    /**
     * How a study grew.
     *
     * @param added    runs appended
     * @param skipped  points left out because their parameter set had already SUCCEEDED in the study
     * @param firstSeq the seq of the first run appended (the next seq when none was)
     * @param total    the study's runs now
     * @param state    the study's state now
     */
    public record Appended(long added, long skipped, long firstSeq, long total, StudyState state) {
    }

    /** Seqs taken for a growth: {@code first} to {@code first + count}, exclusive. */
    private record Reserved(String studyId, long first, long count) {
    }

    /** What a growth inserts into the runs of its reservation. */
    @FunctionalInterface
    private interface Insertion {
        /** @return how many points were skipped */
        long insert(Connection connection, RunInserter runs) throws SQLException;
    }

    /** How many runs a growth adds, read in the transaction that reserves their seqs. */
    @FunctionalInterface
    private interface Size {
        long of(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    /**
     * One scheduler works on a database, so a lock in this process is enough to make growths of one study follow
     * each other: a repeat counts the study's parameter sets, which must include the runs of an extension before it.
     */
    private final ReentrantLock[] growthLocks = new ReentrantLock[GROWTH_LOCKS];

    public RunAppender(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        for (int i = 0; i < GROWTH_LOCKS; i++) {
            growthLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Appends a run per point, in the points' order.
     *
     * @param pointCount     how many points there are, to check the study's size before inserting any
     * @param skipDuplicates leave out a point whose parameter set already has a SUCCEEDED run in the study
     * @param maxTotal       the most runs a study may hold
     */
    public Appended extend(String studyId, Iterable<Map<String, Object>> points, long pointCount,
                           boolean skipDuplicates, long maxTotal, Instant now) {
        return oneAtATime(studyId, () -> {
            Reserved seqs = reserve(studyId, "extension", maxTotal, connection -> pointCount);
            return insert(seqs, "extension", now, (connection, runs) -> {
                long skipped = 0;
                List<Map<String, Object>> chunk = new ArrayList<>(CHUNK);
                for (Map<String, Object> point : points) {
                    chunk.add(point);
                    if (chunk.size() == CHUNK) {
                        skipped += insertChunk(connection, studyId, chunk, skipDuplicates, runs);
                        chunk.clear();
                    }
                }
                return skipped + insertChunk(connection, studyId, chunk, skipDuplicates, runs);
            });
        });
    }

    /**
     * Appends {@code times} more runs of every parameter set of the study, set by set in the order the sets first
     * appeared, each copy numbered one past the set's highest repetition so far.
     */
    public Appended repeat(String studyId, int times, long maxTotal, Instant now) {
        return oneAtATime(studyId, () -> {
            Reserved seqs = reserve(studyId, "repeat", maxTotal, connection -> {
                long sets = distinctSets(connection, studyId);
                long adding = sets * times;
                return times > 0 && adding / times != sets ? Long.MAX_VALUE : adding;
            });
            return insert(seqs, "repeat", now, (connection, runs) -> {
                for (int copy = 0; copy < times; copy++) {
                    // each pass reads what the passes before it added, so it numbers its copies one higher
                    copyEverySet(connection, studyId, runs);
                    runs.finish();
                }
                return 0;
            });
        });
    }

    private <T> T oneAtATime(String studyId, Supplier<T> growth) {
        ReentrantLock lock = growthLocks[Math.floorMod(studyId.hashCode(), GROWTH_LOCKS)];
        lock.lock();
        try {
            return growth.get();
        } finally {
            lock.unlock();
        }
    }

    /** The short transaction: the study may grow by this much; its seqs are taken. */
    private Reserved reserve(String studyId, String what, long maxTotal, Size size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Locked study = lock(connection, studyId);
                long adding = size.of(connection);
                checkSize(study, adding, maxTotal, what);
                return new Reserved(studyId, SeqCounter.take(connection, studyId, adding), adding);
            }
        });
    }

    /** The long transaction: the runs, then the study's total. Seqs left unused are given back. */
    private Appended insert(Reserved seqs, String what, Instant now, Insertion insertion) {
        try {
            return QuarkusTransaction.requiringNew().timeout(INSERT_TIMEOUT_SECONDS).call(() -> {
                try (Connection connection = dataSource.getConnection();
                     RunInserter runs = new RunInserter(connection, seqs.studyId(), seqs.first(), now)) {
                    long skipped = insertion.insert(connection, runs);
                    runs.finish();
                    if (runs.inserted() > seqs.count()) {
                        throw new IllegalStateException("the " + what + " of study " + seqs.studyId() + " made "
                                + runs.inserted() + " runs, more than the " + seqs.count() + " it counted");
                    }
                    SeqCounter.giveBack(connection, seqs.studyId(), runs.nextSeq(), seqs.first() + seqs.count());
                    return grown(connection, seqs, what, runs.inserted(), skipped);
                }
            });
        } catch (RuntimeException e) {
            giveBack(seqs);
            throw e;
        }
    }

    /** After a failed insert: its seqs are free again unless someone took seqs after them. */
    private void giveBack(Reserved seqs) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    SeqCounter.giveBack(connection, seqs.studyId(), seqs.first(), seqs.first() + seqs.count());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "Study(id=%s): seqs %d and up stay unused", seqs.studyId(), seqs.first());
        }
    }

    private record Locked(String id, StudyState state, long totalRuns) {
    }

    /** Checks that the study exists and may grow; its row stays locked for the short reserving transaction. */
    private static Locked lock(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT state, total_runs FROM " + Tables.STUDY + " WHERE id = ? FOR UPDATE";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new GrowthRefused(GrowthRefused.Reason.STATE, null, "no study with id '" + studyId
                            + "'; GET /studies lists the known ones");
                }
                Locked study = new Locked(studyId, StudyState.valueOf(rows.getString(1)), rows.getLong(2));
                if (!GROWABLE.contains(study.state())) {
                    throw notGrowable(studyId, study.state(), "");
                }
                return study;
            }
        }
    }

    private static GrowthRefused notGrowable(String studyId, StudyState state, String when) {
        return new GrowthRefused(GrowthRefused.Reason.STATE, state, "study '" + studyId + "' is " + state + when
                + "; only an ACTIVE, COMPLETED or DRY_RUN study grows. Resume it first (POST /studies/" + studyId
                + "/resume) or submit a new study");
    }

    private static void checkSize(Locked study, long adding, long maxTotal, String what) {
        if (adding > maxTotal - study.totalRuns()) {
            throw new GrowthRefused(GrowthRefused.Reason.SIZE, study.state(), "the " + what + " adds "
                    + (adding == Long.MAX_VALUE ? "too many" : String.valueOf(adding)) + " runs to the study's "
                    + study.totalRuns() + ", more than the limit of " + maxTotal
                    + " runs per study (runfleet.scheduler.max-runs-per-study); add fewer points, or submit the "
                    + "rest as a new study");
        }
    }

    /** @return how many points of the chunk were skipped */
    private static long insertChunk(Connection connection, String studyId, List<Map<String, Object>> chunk,
                                    boolean skipDuplicates, RunInserter runs) throws SQLException {
        if (chunk.isEmpty()) {
            return 0;
        }
        List<String> hashes = new ArrayList<>(chunk.size());
        for (Map<String, Object> point : chunk) {
            hashes.add(ParamHash.of(point));
        }
        Set<String> succeeded = skipDuplicates ? succeededAmong(connection, studyId, hashes) : Set.of();
        long skipped = 0;
        for (int i = 0; i < chunk.size(); i++) {
            if (succeeded.contains(hashes.get(i))) {
                skipped++;
            } else {
                runs.add(StoredJson.write(chunk.get(i)), hashes.get(i), 0);
            }
        }
        return skipped;
    }

    private static Set<String> succeededAmong(Connection connection, String studyId, List<String> hashes)
            throws SQLException {
        Set<String> distinct = new HashSet<>(hashes);
        String sql = "SELECT DISTINCT param_hash FROM " + Tables.RUN + " WHERE study_id = ? AND state = 'SUCCEEDED'"
                + " AND stage_index = 0 AND param_hash IN (" + Jdbc.placeholders(distinct.size()) + ")";
        Set<String> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            int index = 2;
            for (String hash : distinct) {
                statement.setString(index++, hash);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static long distinctSets(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT COUNT(DISTINCT param_hash) FROM " + Tables.RUN + " WHERE study_id = ? AND stage_index = 0";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** One more run of every parameter set, streamed from the database in the order the sets first appeared. */
    private static void copyEverySet(Connection connection, String studyId, RunInserter runs) throws SQLException {
        String sql = "SELECT r.params, r.param_hash, g.last_repetition FROM " + Tables.RUN + " r JOIN"
                + " (SELECT param_hash, MIN(seq) AS first_seq, MAX(repetition) AS last_repetition FROM " + Tables.RUN
                + " WHERE study_id = ? AND stage_index = 0 GROUP BY param_hash) g ON r.seq = g.first_seq"
                + " WHERE r.study_id = ? ORDER BY r.seq";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(CHUNK);
            statement.setString(1, studyId);
            statement.setString(2, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    runs.add(rows.getString(1), rows.getString(2), rows.getInt(3) + 1);
                }
            }
        }
    }

    /**
     * The last step of the long transaction: the new runs count, and a COMPLETED study is ACTIVE again. Checked
     * against the study's state now, not when the growth began: a study cancelled or failed meanwhile (on the loop,
     * which did not wait for this insert) refuses the growth, and everything inserted is rolled back.
     */
    private static Appended grown(Connection connection, Reserved seqs, String what, long added, long skipped)
            throws SQLException {
        if (added > 0) {
            String sql = "UPDATE " + Tables.STUDY + " SET total_runs = total_runs + ?,"
                    + " completed_at = CASE WHEN state = 'COMPLETED' THEN NULL ELSE completed_at END,"
                    + " state = CASE WHEN state = 'COMPLETED' THEN 'ACTIVE' ELSE state END"
                    + " WHERE id = ? AND state IN ('ACTIVE', 'COMPLETED', 'DRY_RUN')"; // GROWABLE
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, added);
                statement.setString(2, seqs.studyId());
                if (statement.executeUpdate() == 0) {
                    StudyState now = current(connection, seqs.studyId()).state();
                    throw notGrowable(seqs.studyId(), now, " (it became " + now + " while the " + what
                            + " was stored; nothing was added)");
                }
            }
        }
        Locked study = current(connection, seqs.studyId());
        return new Appended(added, skipped, seqs.first(), study.totalRuns(), study.state());
    }

    private static Locked current(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT state, total_runs FROM " + Tables.STUDY + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Locked(studyId, StudyState.valueOf(rows.getString(1)), rows.getLong(2));
            }
        }
    }
}
