package io.runfleet.results.outbox;

import io.agroal.api.AgroalDataSource;
import io.runfleet.wire.RunCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads outbox rows, in event id order for the relay and in study sequence order for a study's readers, and records
 * which ones the relay is done with.
 */
@ApplicationScoped
public class OutboxStore {

    private static final String COLUMNS = "event_id, study_id, study_seq, event_type, payload";
    private static final String UNRELAYED_AFTER = "SELECT " + COLUMNS + " FROM results.outbox"
            + " WHERE relayed_at IS NULL AND event_id > ? ORDER BY event_id FETCH FIRST ? ROWS ONLY";
    private static final String STUDY_AFTER = "SELECT " + COLUMNS + " FROM results.outbox"
            + " WHERE study_id = ? AND study_seq > ? ORDER BY study_seq FETCH FIRST ? ROWS ONLY";

    private static final int MARK_CHUNK = 500;

    private final AgroalDataSource dataSource;

    OutboxStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Events the scheduler has not acknowledged yet, after {@code afterEventId}. */
    public List<OutboxEvent> unrelayedAfter(long afterEventId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(UNRELAYED_AFTER)) {
            select.setLong(1, afterEventId);
            select.setInt(2, limit);
            return readEvents(select);
        }
    }

    /**
     * A study's events after its sequence number {@code afterStudySeq}, relayed or not, in that order: what an event
     * stream replays and the pull form answers.
     */
    public List<OutboxEvent> studyEventsAfter(String studyId, long afterStudySeq, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(STUDY_AFTER)) {
            select.setString(1, studyId);
            select.setLong(2, afterStudySeq);
            select.setInt(3, limit);
            return readEvents(select);
        }
    }

    /** Marks events as acknowledged by the scheduler, in statements of at most {@value #MARK_CHUNK} ids. */
    public void markRelayed(List<Long> eventIds, Instant relayedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < eventIds.size(); from += MARK_CHUNK) {
                List<Long> chunk = eventIds.subList(from, Math.min(eventIds.size(), from + MARK_CHUNK));
                String sql = "UPDATE results.outbox SET relayed_at = ? WHERE event_id IN ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    update.setObject(1, OffsetDateTime.ofInstant(relayedAt, ZoneOffset.UTC));
                    int index = 2;
                    for (long eventId : chunk) {
                        update.setLong(index++, eventId);
                    }
                    update.executeUpdate();
                }
            }
        }
    }

    private static List<OutboxEvent> readEvents(PreparedStatement select) throws SQLException {
        List<OutboxEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(read(rows));
            }
        }
        return events;
    }

    private static OutboxEvent read(ResultSet rows) throws SQLException {
        long eventId = rows.getLong("event_id");
        long studySeq = rows.getLong("study_seq");
        String type = rows.getString("event_type");
        String payload = rows.getString("payload");
        if (!RunCompleted.TYPE.equals(type)) {
            return new OutboxEvent(eventId, rows.getString("study_id"), studySeq, type, null, payload);
        }
        return CompletionEvents.fromPayload(eventId, studySeq, payload);
    }
}
