package io.runfleet.results.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The one INSERT of an outbox row, shared by run events and study stops so that both are numbered alike. */
final class OutboxInsert {

    static final String SQL = "INSERT INTO results.outbox (study_id, study_seq, event_type, payload, created_at)"
            + " VALUES (?, ?, ?, ?, ?)";

    private OutboxInsert() {
    }

    /** Adds one row to {@code insert}'s batch. */
    static void add(PreparedStatement insert, String studyId, long studySeq, String type, String payload,
            OffsetDateTime created) throws SQLException {
        insert.setString(1, studyId);
        insert.setLong(2, studySeq);
        insert.setString(3, type);
        insert.setString(4, payload);
        insert.setObject(5, created);
        insert.addBatch();
    }
}
