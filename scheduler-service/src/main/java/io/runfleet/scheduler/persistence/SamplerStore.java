package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.SamplerSection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain-JDBC access to sampler loops' state (table sampler). Callers hold the transaction. */
public final class SamplerStore {

    private static final String COLUMNS = "p.study_id, p.section, p.constants, p.state, p.stop_reason, p.closed_at,"
            + " s.submitted_at, s.state AS study_state";

    private SamplerStore() {
    }

    /** Stores a new study's sampler, OPEN. */
    static void insert(Connection connection, String studyId, SamplerSection section, Map<String, Object> constants)
            throws SQLException {
        String sql = "INSERT INTO " + Tables.SAMPLER + " (study_id, kind, section, constants, state)"
                + " VALUES (?, ?, ?, ?, 'OPEN')";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setString(2, section.kind().name());
            statement.setString(3, StoredJson.write(section));
            statement.setString(4, StoredJson.write(constants));
            statement.executeUpdate();
        }
    }

    /** The study's sampler; empty for a parameter study or an unknown one. */
    public static Optional<StoredSampler> find(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + Tables.SAMPLER + " p JOIN " + Tables.STUDY
                + " s ON s.id = p.study_id WHERE p.study_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            List<StoredSampler> found = read(statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The OPEN samplers of ACTIVE studies: those a time budget may run out on. */
    public static List<StoredSampler> openOfActiveStudies(Connection connection) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + Tables.SAMPLER + " p JOIN " + Tables.STUDY
                + " s ON s.id = p.study_id WHERE p.state = 'OPEN' AND s.state = 'ACTIVE'";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return read(statement);
        }
    }

    /**
     * Ends an OPEN sampler as CLOSED or STOPPED with the reason; one that is no longer open is left as it is.
     *
     * @return whether it was OPEN
     */
    public static boolean end(Connection connection, String studyId, SamplerState state, String reason, Instant now)
            throws SQLException {
        if (state == SamplerState.OPEN) {
            throw new IllegalArgumentException("a sampler ends CLOSED or STOPPED, not OPEN");
        }
        String sql = "UPDATE " + Tables.SAMPLER + " SET state = ?, stop_reason = ?, closed_at = ?"
                + " WHERE study_id = ? AND state = 'OPEN'";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, state.name());
            statement.setString(2, reason);
            Jdbc.setInstant(statement, 3, now);
            statement.setString(4, studyId);
            return statement.executeUpdate() == 1;
        }
    }

    private static List<StoredSampler> read(PreparedStatement statement) throws SQLException {
        List<StoredSampler> samplers = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String studyId = rows.getString(1);
                samplers.add(new StoredSampler(studyId, StoredJson.sampler(rows.getString(2), studyId),
                        StoredJson.parameters(rows.getString(3), "the sampler of study " + studyId),
                        SamplerState.valueOf(rows.getString(4)), rows.getString(5), Jdbc.getInstant(rows, "closed_at"),
                        Jdbc.getInstant(rows, "submitted_at"),
                        StudyState.valueOf(rows.getString("study_state"))));
            }
        }
        return samplers;
    }
}
