package io.runfleet.results.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers each study's outbox events 1, 2, 3... without gaps. Only the writer thread uses it, one transaction at a
 * time: numbers taken in a transaction ({@link Reservation}) count only once it committed, so a rolled back batch
 * leaves no gap. A study's last number is read from the database on first use, so a restarted service goes on
 * where it stopped; after a failed transaction every study is read again, in case the failure was a number taken
 * by someone else. One {@code Long} per study ever seen stays in memory.
 */
final class StudySeqCounter {

    private static final String LAST_OF_STUDY =
            "SELECT MAX(study_seq) FROM results.outbox WHERE study_id = ?";

    private final Map<String, Long> lastCommitted = new HashMap<>();

    /** Numbers for one transaction, on its connection. */
    Reservation begin(Connection connection) {
        return new Reservation(connection);
    }

    /** Forgets every study's last number: the next transaction reads them from the database. */
    void forget() {
        lastCommitted.clear();
    }

    final class Reservation {

        private final Connection connection;
        private final Map<String, Long> taken = new HashMap<>();

        private Reservation(Connection connection) {
            this.connection = connection;
        }

        /** The study's next number in this transaction. */
        long next(String studyId) throws SQLException {
            Long last = taken.get(studyId);
            if (last == null) {
                last = lastCommitted.get(studyId);
            }
            if (last == null) {
                last = lastInDatabase(studyId);
            }
            long next = last + 1;
            taken.put(studyId, next);
            return next;
        }

        /** The transaction committed: its numbers are taken for good. */
        void committed() {
            lastCommitted.putAll(taken);
        }

        private long lastInDatabase(String studyId) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(LAST_OF_STUDY)) {
                select.setString(1, studyId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1); // 0 (SQL NULL) for a study without events
                }
            }
        }
    }
}
