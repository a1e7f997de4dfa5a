package io.runfleet.results.store;

import io.runfleet.results.outbox.CommittedEvent;
import io.runfleet.results.outbox.OutboxEvent;
import io.runfleet.results.outbox.StudyStopEvents;
import io.runfleet.wire.StudyStopped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes studies' stops into the outbox as {@code study.stopped} events, numbered with the study's run events, on a
 * connection whose transaction the caller commits. A stop whose study's last stop has the same reason is a repeated
 * delivery (the scheduler resends until acknowledged) and is dropped; a stop with another reason is a new event.
 */
final class StudyStopInsert {

    private static final String LAST_STOP = "SELECT payload FROM results.outbox WHERE study_id = ? AND event_type = ?"
            + " ORDER BY study_seq DESC FETCH FIRST 1 ROWS ONLY";

    private StudyStopInsert() {
    }

    /**
     * @param events gets the outbox events of the new stops, with their event ids
     * @return the stops that were new, in batch order
     */
    static List<StudyStopped> insertNew(Connection connection, List<StudyStopped> stops, Instant receivedAt,
            StudySeqCounter.Reservation studySeqs, List<CommittedEvent> events) throws SQLException {
        if (stops.isEmpty()) {
            return List.of();
        }
        // the last reason per study: from the database, then as this batch goes on
        Map<String, Optional<String>> lastReasons = new HashMap<>();
        List<StudyStopped> fresh = new ArrayList<>();
        OffsetDateTime created = OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC);
        try (OutboxBatch batch = OutboxBatch.prepare(connection)) {
            for (StudyStopped stop : stops) {
                Optional<String> last = lastReasons.get(stop.studyId());
                if (last == null) {
                    last = lastReason(connection, stop.studyId());
                }
                if (last.isPresent() && Objects.equals(last.get(), stop.reason())) {
                    continue;
                }
                long studySeq = studySeqs.next(stop.studyId());
                Instant stoppedAt = stop.stoppedAt() != null ? stop.stoppedAt() : receivedAt;
                String payload = StudyStopEvents.payloadOf(stop.studyId(), studySeq, stop.reason(), stoppedAt);
                batch.add(stop.studyId(), studySeq, StudyStopEvents.TYPE, payload, created,
                        eventId -> new OutboxEvent(eventId, stop.studyId(), studySeq, StudyStopEvents.TYPE, null, payload));
                lastReasons.put(stop.studyId(), Optional.of(stop.reason()));
                fresh.add(stop);
            }
            events.addAll(batch.execute());
        }
        return fresh;
    }

    private static Optional<String> lastReason(Connection connection, String studyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LAST_STOP)) {
            select.setString(1, studyId);
            select.setString(2, StudyStopEvents.TYPE);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(StudyStopEvents.reasonOf(rows.getString(1))) : Optional.empty();
            }
        }
    }
}
