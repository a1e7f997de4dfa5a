package io.runfleet.scheduler.persistence;

import java.util.Map;

/**
 * A run of a later stage about to be made from a run of the stage before that succeeded.
 *
 * @param params      the parent's parameters and outputs plus the stage's own point
 * @param parentRunId the run whose result made this one
 * @param failure     null for a run to dispatch; otherwise the reason it is made FAILED (its parent lacks an
 *                    output the stage uses)
 */
public record StageRun(String studyId, int stageIndex, String stageName, String parentRunId,
                       Map<String, Object> params, String failure) {
}
