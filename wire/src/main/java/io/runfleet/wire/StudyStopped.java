package io.runfleet.wire;

import java.time.Instant;

/**
 * Scheduler to results service: a study has stopped (its sampler loop ended, its budget ran out, it was cancelled).
 * The results service writes it into its outbox as the study's next event, numbered like the run events, so that a
 * sampler client reading the study's events learns it has nothing more to wait for. Sent again until acknowledged;
 * the results service drops a repeat of the study's last stop with the same reason.
 *
 * @param reason    why, for people and clients (for example {@code budget exhausted}); required
 * @param stoppedAt when the scheduler decided it; the time of receipt when null
 */
public record StudyStopped(
        int schemaVersion,
        String studyId,
        String reason,
        Instant stoppedAt) implements WireMessage {
}
