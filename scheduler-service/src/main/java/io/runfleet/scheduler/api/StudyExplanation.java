package io.runfleet.scheduler.api;

import java.util.List;
import java.util.Map;

/**
 * What keeps a study from progressing ({@code GET /studies/{id}/explain}, {@code runfleet explain ID}).
 *
 * @param counts   runs by state
 * @param summary  one line: how far it is
 * @param blockers one line each: what holds runs back (the state of the study, limits, back-off, agents,
 *                 allocations); empty when nothing does
 */
public record StudyExplanation(String studyId, String state, long total, Map<String, Long> counts, String summary,
                               List<String> blockers) {
}
