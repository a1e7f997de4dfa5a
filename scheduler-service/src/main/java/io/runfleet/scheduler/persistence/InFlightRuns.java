package io.runfleet.scheduler.persistence;

import io.runfleet.wire.RunRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of a study that agents may be executing now: what a cancel has to stop. Callers hold the
 * transaction.
 */
public final class InFlightRuns {

    private InFlightRuns() {
    }

    /** The current attempt of every DISPATCHED or RUNNING run of the study, in seq order. */
    public static List<RunRef> ofStudy(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT id, attempt FROM " + Tables.RUN
                + " WHERE study_id = ? AND state IN ('DISPATCHED', 'RUNNING') ORDER BY seq";
        List<RunRef> refs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    refs.add(new RunRef(rows.getString("id"), rows.getInt("attempt")));
                }
            }
        }
        return refs;
    }
}
