package io.runfleet.results.store;

import io.runfleet.results.outbox.CommittedEvent;
import io.runfleet.results.outbox.OutboxEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * One batch of outbox rows, shared by run events and study stops so that both are numbered alike. The database
 * assigns each row's event id at insert; the batch asks for it back, so that the writer can hand the committed events
 * to the relay without it reading them again. Ids are matched to rows by (study, study sequence number), which is
 * unique, rather than by the order the database returns them in.
 */
final class OutboxBatch implements AutoCloseable {

    private static final String SQL = "INSERT INTO results.outbox (study_id, study_seq, event_type, payload, created_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String[] RETURNED = {"event_id", "study_id", "study_seq"};

    private final PreparedStatement insert;
    private final Map<Row, LongFunction<OutboxEvent>> added = new HashMap<>();

    private OutboxBatch(PreparedStatement insert) {
        this.insert = insert;
    }

    static OutboxBatch prepare(Connection connection) throws SQLException {
        return new OutboxBatch(connection.prepareStatement(SQL, RETURNED));
    }

    /**
     * Adds one row.
     *
     * @param eventWithId the event as the relay and clients get it, given the id the database assigned
     */
    void add(String studyId, long studySeq, String type, String payload, OffsetDateTime created,
            LongFunction<OutboxEvent> eventWithId) throws SQLException {
        insert.setString(1, studyId);
        insert.setLong(2, studySeq);
        insert.setString(3, type);
        insert.setString(4, payload);
        insert.setObject(5, created);
        insert.addBatch();
        added.put(new Row(studyId, studySeq), eventWithId);
    }

    /**
     * Inserts the rows; @return their events with the ids the database assigned, in the order it returned them (the
     * writer sorts the events of its whole commit by id)
     */
    List<CommittedEvent> execute() throws SQLException {
        if (added.isEmpty()) {
            return List.of();
        }
        insert.executeBatch();
        List<CommittedEvent> events = new ArrayList<>(added.size());
        try (ResultSet keys = insert.getGeneratedKeys()) {
            while (keys.next()) {
                LongFunction<OutboxEvent> eventWithId = added.get(new Row(keys.getString("study_id"),
                        keys.getLong("study_seq")));
                if (eventWithId != null) {
                    long eventId = keys.getLong("event_id");
                    events.add(new CommittedEvent(eventId, () -> eventWithId.apply(eventId)));
                }
            }
        }
        if (events.size() != added.size()) {
            // rolled back by the caller: a commit whose events the relay could not be told of exactly
            throw new IllegalStateException("the database returned " + events.size() + " event ids for "
                    + added.size() + " outbox rows");
        }
        return events;
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }

    private record Row(String studyId, long studySeq) {
    }
}
