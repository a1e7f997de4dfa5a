package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
     * Appends the runs, grouped by study, with seqs taken from each study's counter ({@link SeqCounter}), and raises
     * each study's {@code total_runs}. An extension or repeat of the study inserting at the same time has taken its
     * own seqs, so neither waits for the other.
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
            long firstSeq = SeqCounter.take(connection, study.getKey(), study.getValue().size());
            try (RunInserter inserter = new RunInserter(connection, study.getKey(), firstSeq, now)) {
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
}
