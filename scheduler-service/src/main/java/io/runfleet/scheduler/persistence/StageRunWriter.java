package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts the runs of later stages in the scheduler loop's transaction, the one that applies the results that made
 * them, so that a study never looks finished while runs of a later stage are due. Callers hold the transaction.
 */
public final class StageRunWriter {

    private StageRunWriter() {
    }

    /**
     * Appends the runs, grouped by study, with the seqs after each study's last run, and raises each study's
     * {@code total_runs}. The study's row is updated first: that takes its lock, so an extension or repeat of the
     * study (which locks it too, {@link RunAppender}) commits before or after, never numbering runs alongside.
     *
     * @return how many runs were inserted
     */
    public static long insert(Connection connection, List<StageRun> runs, Instant now) throws SQLException {
        Map<String, List<StageRun>> byStudy = new LinkedHashMap<>();
        for (StageRun run : runs) {
            byStudy.computeIfAbsent(run.studyId(), id -> new ArrayList<>()).add(run);
        }
        long inserted = 0;
        for (Map.Entry<String, List<StageRun>> study : byStudy.entrySet()) {
            addToTotal(connection, study.getKey(), study.getValue().size());
            try (RunInserter inserter = new RunInserter(connection, study.getKey(),
                    nextSeq(connection, study.getKey()), now)) {
                for (StageRun run : study.getValue()) {
                    inserter.add(run);
                }
                inserter.finish();
                inserted += inserter.inserted();
            }
        }
        return inserted;
    }

    private static void addToTotal(Connection connection, String studyId, int added) throws SQLException {
        String sql = "UPDATE " + Tables.STUDY + " SET total_runs = total_runs + ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, added);
            statement.setString(2, studyId);
            statement.executeUpdate();
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
}
