package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Launch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The studies whose agents the scheduler starts: ACTIVE, with a launch section. */
public final class LaunchedStudies {

    private LaunchedStudies() {
    }

    /** @param workLeft whether a run of the study is not finished yet (PENDING, DISPATCHED, RUNNING or RETRYING) */
    public record LaunchedStudy(String id, Launch launch, boolean workLeft) {
    }

    public static List<LaunchedStudy> active(Connection connection) throws SQLException {
        String sql = "SELECT s.id, s.launch, EXISTS (SELECT 1 FROM " + Tables.RUN + " r WHERE r.study_id = s.id"
                + " AND r.state IN ('PENDING', 'DISPATCHED', 'RUNNING', 'RETRYING')) AS work_left FROM " + Tables.STUDY
                + " s WHERE s.state = 'ACTIVE' AND s.launch IS NOT NULL ORDER BY s.submitted_at";
        List<LaunchedStudy> studies = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                boolean workLeft = rows.getBoolean(3);
                LaunchJson.read(rows.getString(2), id)
                        .ifPresent(launch -> studies.add(new LaunchedStudy(id, launch, workLeft)));
            }
        }
        return studies;
    }

    /**
     * The study's runs not finished yet (PENDING, RETRYING, DISPATCHED or RUNNING), counted by stage index: what its
     * launched agents still have to do.
     */
    public static Map<Integer, Integer> unfinishedByStage(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT stage_index, COUNT(*) FROM " + Tables.RUN + " WHERE study_id = ?"
                + " AND state IN ('PENDING', 'DISPATCHED', 'RUNNING', 'RETRYING') GROUP BY stage_index";
        Map<Integer, Integer> counts = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getInt(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }
}
