package io.runfleet.scheduler.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * One study's summary columns and its runs per state, read with one plain JDBC query. Clients poll
 * {@code GET /studies/{id}} many times a second; loading the entity (and its megabyte documents) through a
 * Hibernate session and a JTA transaction each time cost more CPU than the scheduler spent on the runs.
 */
@ApplicationScoped
public class StudySummaries {

    private static final String SQL = "SELECT s.id, s.name, s.state, s.submitted_at, s.completed_at, s.total_runs,"
            + " s.document_sha256, s.source_commit, s.source_dirty, s.client_directory, s.client_user, s.error,"
            + " c.state AS run_state, c.runs FROM " + Tables.STUDY + " s LEFT JOIN (SELECT state, COUNT(*) AS runs"
            + " FROM " + Tables.RUN + " WHERE study_id = ? GROUP BY state) c ON TRUE WHERE s.id = ?";

    private final AgroalDataSource dataSource;

    public StudySummaries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The study with its runs per state (every state present, 0 when it has none); empty for an unknown id. */
    public Optional<CountedStudy> read(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setString(1, id);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                StudyListing study = listing(rows);
                Map<RunState, Long> counts = RunStore.noRuns();
                do {
                    String state = rows.getString("run_state");
                    if (state != null) {
                        counts.put(RunState.valueOf(state), rows.getLong("runs"));
                    }
                } while (rows.next());
                return Optional.of(new CountedStudy(study, counts));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read study " + id + ": " + e.getMessage(), e);
        }
    }

    private static StudyListing listing(ResultSet rows) throws SQLException {
        return new StudyListing(rows.getString("id"), rows.getString("name"),
                StudyState.valueOf(rows.getString("state")), Jdbc.getInstant(rows, "submitted_at"),
                Jdbc.getInstant(rows, "completed_at"), rows.getLong("total_runs"), rows.getString("document_sha256"),
                rows.getString("source_commit"), rows.getObject("source_dirty", Boolean.class),
                rows.getString("client_directory"), rows.getString("client_user"), rows.getString("error"));
    }

    /** A study's summary columns and how many of its runs are in each state. */
    public record CountedStudy(StudyListing study, Map<RunState, Long> counts) {
    }
}
