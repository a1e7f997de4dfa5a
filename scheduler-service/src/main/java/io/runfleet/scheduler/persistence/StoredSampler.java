package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.SamplerSection;
import java.time.Instant;
import java.util.Map;

/**
 * A sampler study's sampler as stored.
 *
 * @param constants   the study's constants, merged into every point the sampler gives
 * @param submittedAt when the study was submitted: budget.maxTime counts from it
 * @param stopReason  why it is CLOSED or STOPPED; null while OPEN
 * @param studyState  the study's state: only an ACTIVE study (or a dry run) takes new points
 */
public record StoredSampler(String studyId, SamplerSection section, Map<String, Object> constants,
                            SamplerState state, String stopReason, Instant closedAt, Instant submittedAt,
                            StudyState studyState) {

    public boolean isOpen() {
        return state == SamplerState.OPEN;
    }

    /** Whether new points are taken now: the sampler OPEN, its study ACTIVE or a dry run. */
    public boolean takesPoints() {
        return isOpen() && (studyState == StudyState.ACTIVE || studyState == StudyState.DRY_RUN);
    }
}
