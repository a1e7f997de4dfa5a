package io.runfleet.results.store;

import io.agroal.api.AgroalDataSource;
import io.runfleet.wire.KeptFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** What the latest attempt of one run left behind: its run directory and file references, and its outputs. */
@ApplicationScoped
public class LatestKeptFiles {

    private static final String LATEST = "SELECT attempt, host, kept_files, outputs FROM results.attempt"
            + " WHERE study_id = ? AND run_id = ? ORDER BY attempt DESC LIMIT 1";

    /**
     * @param kept    null when the attempt kept no files
     * @param outputs its outputs, where {@code file} outputs hold {@code {path, size, sha256}}
     */
    public record Attempt(int attempt, String host, KeptFiles kept, Map<String, Object> outputs) {
    }

    private final AgroalDataSource dataSource;

    @Inject
    LatestKeptFiles(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The run's highest attempt; empty when the study has no result of this run. */
    public Optional<Attempt> of(String studyId, String runId) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LATEST)) {
            select.setString(1, studyId);
            select.setString(2, runId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Attempt(rows.getInt("attempt"), rows.getString("host"),
                        JsonColumns.readKept(rows.getString("kept_files")), JsonColumns.read(rows.getString("outputs"))));
            }
        } catch (SQLException e) {
            throw new IOException("reading the latest attempt of run " + runId + " of study " + studyId
                    + " failed: " + e.getMessage(), e);
        }
    }
}
