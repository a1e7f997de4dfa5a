package io.runfleet.scheduler.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.runfleet.wire.ParamHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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

/**
 * Appends runs to a stored study: the points of an extension, or copies of the study's parameter sets (a repeat).
 * New runs get the seqs after the last one; earlier runs are never touched. A COMPLETED study becomes ACTIVE again.
 * Both concern stage 0 (the study's own parameters): the runs of later stages follow from them as they succeed.
 *
 * <p>Runs are inserted here, outside the scheduler loop, like a new study's: one extension may hold a million runs
 * and must not stall the loop. The study's row is locked first, so extensions of one study follow each other, and
 * the new runs and the higher {@code total_runs} commit together, which is what keeps the loop from completing a
 * study that just grew ({@link StudyStore#completeFinished}).
 */
@ApplicationScoped
public class RunAppender {

    /** The states in which a study may grow. A CANCELLED study is resumed first. */
    public static final Set<StudyState> GROWABLE =
            Collections.unmodifiableSet(EnumSet.of(StudyState.ACTIVE, StudyState.COMPLETED, StudyState.DRY_RUN));

    private static final int CHUNK = 500;

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

    private final AgroalDataSource dataSource;

    public RunAppender(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Appends a run per point, in the points' order.
     *
     * @param pointCount     how many points there are, to check the study's size before inserting any
     * @param skipDuplicates leave out a point whose parameter set already has a SUCCEEDED run in the study
     * @param maxTotal       the most runs a study may hold
     */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public Appended extend(String studyId, Iterable<Map<String, Object>> points, long pointCount,
                           boolean skipDuplicates, long maxTotal, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            Locked study = lock(connection, studyId);
            checkSize(study, pointCount, maxTotal, "extension");
            long firstSeq = nextSeq(connection, studyId);
            long skipped = 0;
            try (RunInserter runs = new RunInserter(connection, studyId, firstSeq, now)) {
                List<Map<String, Object>> chunk = new ArrayList<>(CHUNK);
                for (Map<String, Object> point : points) {
                    chunk.add(point);
                    if (chunk.size() == CHUNK) {
                        skipped += insertChunk(connection, studyId, chunk, skipDuplicates, runs);
                        chunk.clear();
                    }
                }
                skipped += insertChunk(connection, studyId, chunk, skipDuplicates, runs);
                runs.finish();
                return grown(connection, study, runs.inserted(), skipped, firstSeq);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot extend study " + studyId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code times} more runs of every parameter set of the study, set by set in the order the sets first
     * appeared, each copy numbered one past the set's highest repetition so far.
     */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public Appended repeat(String studyId, int times, long maxTotal, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            Locked study = lock(connection, studyId);
            long sets = distinctSets(connection, studyId);
            long adding = sets * times;
            if (times > 0 && adding / times != sets) {
                adding = Long.MAX_VALUE;
            }
            checkSize(study, adding, maxTotal, "repeat");
            long firstSeq = nextSeq(connection, studyId);
            try (RunInserter runs = new RunInserter(connection, studyId, firstSeq, now)) {
                for (int copy = 0; copy < times; copy++) {
                    // each pass reads what the passes before it added, so it numbers its copies one higher
                    copyEverySet(connection, studyId, runs);
                    runs.finish();
                }
                return grown(connection, study, runs.inserted(), 0, firstSeq);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot repeat study " + studyId + ": " + e.getMessage(), e);
        }
    }

    private record Locked(String id, StudyState state, long totalRuns) {
    }

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
                    throw new GrowthRefused(GrowthRefused.Reason.STATE, study.state(), "study '" + studyId + "' is "
                            + study.state() + "; only an ACTIVE, COMPLETED or DRY_RUN study grows. Resume it first "
                            + "(POST /studies/" + studyId + "/resume) or submit a new study");
                }
                return study;
            }
        }
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

    private static long nextSeq(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT MAX(seq) FROM " + Tables.RUN + " WHERE study_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long last = rows.getLong(1);
                return rows.wasNull() ? 0 : last + 1;
            }
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

    private static Appended grown(Connection connection, Locked study, long added, long skipped, long firstSeq)
            throws SQLException {
        if (added == 0) {
            return new Appended(0, skipped, firstSeq, study.totalRuns(), study.state());
        }
        StudyState state = study.state() == StudyState.COMPLETED ? StudyState.ACTIVE : study.state();
        String sql = "UPDATE " + Tables.STUDY + " SET total_runs = ?, state = ?, completed_at = "
                + (state == study.state() ? "completed_at" : "NULL") + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, study.totalRuns() + added);
            statement.setString(2, state.name());
            statement.setString(3, study.id());
            statement.executeUpdate();
        }
        return new Appended(added, skipped, firstSeq, study.totalRuns() + added, state);
    }
}
