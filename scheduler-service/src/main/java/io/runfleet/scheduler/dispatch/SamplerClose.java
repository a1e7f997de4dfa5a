package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.SamplerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Closes an ask/tell client's sampler (POST /studies/{id}/sampler/close), in the caller's transaction: it takes no
 * more points, and its study completes once the runs in flight have ended, at once when they are cancelled. Closing
 * again changes nothing, except that it may cancel the runs a first close left to finish.
 */
@ApplicationScoped
public class SamplerClose {

    static final String REASON = "closed by its client";

    private final SamplerSupervisor samplers;
    private final StudyCloser closer;

    public SamplerClose(SamplerSupervisor samplers, StudyCloser closer) {
        this.samplers = samplers;
        this.closer = closer;
    }

    /** @throws SamplerRefused 404 for an unknown study, 409 for one without an external sampler */
    public void close(Connection connection, String studyId, boolean cancelInFlight, Instant now) throws SQLException {
        SuggestionIntake.externalSampler(connection, studyId, false);
        samplers.end(connection, studyId, SamplerState.CLOSED, REASON, cancelInFlight, now);
        closer.closeFinished(connection, List.of(studyId), now);
    }
}
