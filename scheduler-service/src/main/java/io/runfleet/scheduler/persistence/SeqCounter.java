package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Seqs of a study's runs come from the study's {@code next_seq} counter, never from {@code MAX(seq)}. An extension
 * or repeat inserts its runs in a long transaction of its own while the scheduler loop may make runs of later stages
 * for the same study; each first takes its range from the counter in a short update, so neither waits for the
 * other (with {@code MAX(seq)} both would number the same seqs, and the loop's insert would wait on the unique
 * index until the extension committed).
 */
final class SeqCounter {

    private SeqCounter() {
    }

    /**
     * Takes {@code count} seqs of the study. The update locks the study's row (no key columns change, so inserts
     * that only check the foreign key are not held up) until the caller commits.
     *
     * @return the first of them
     */
    static long take(Connection connection, String studyId, long count) throws SQLException {
        String update = "UPDATE " + Tables.STUDY + " SET next_seq = next_seq + ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setLong(1, count);
            statement.setString(2, studyId);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no study with id '" + studyId + "' to number runs of");
            }
        }
        String select = "SELECT next_seq FROM " + Tables.STUDY + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) - count;
            }
        }
    }

    /**
     * Gives back the seqs from {@code from} to the end of a range taken up to {@code end}, when nobody took seqs after
     * it; otherwise they stay unused (seqs order runs; they need not be consecutive).
     */
    static void giveBack(Connection connection, String studyId, long from, long end) throws SQLException {
        if (from == end) {
            return;
        }
        String sql = "UPDATE " + Tables.STUDY + " SET next_seq = ? WHERE id = ? AND next_seq = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, from);
            statement.setString(2, studyId);
            statement.setLong(3, end);
            statement.executeUpdate();
        }
    }
}
