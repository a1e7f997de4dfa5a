package io.runfleet.scheduler.api;

import java.time.Instant;
import java.util.List;

/**
 * Why a run is where it is ({@code GET /studies/{id}/runs/{run}/explain}, {@code runfleet explain ID/RUN}).
 *
 * @param summary       one line: what the run is doing or waiting for, or how it ended
 * @param reasons       the facts behind it, one line each: limits, back-off, agents, allocations
 * @param earlier       how the attempts before the current one ended (only their counts are stored)
 * @param current       the current (or last) attempt, with its agent, host, times and end; null before the first
 *                      dispatch
 */
public record RunExplanation(String studyId, String runId, long seq, String stage, String state, int attempt,
                             String summary, List<String> reasons, RunView.AttemptEnds earlier, Attempt current) {

    /**
     * One attempt.
     *
     * @param end    {@code waiting} (not yet claimed), {@code running}, or how it ended: {@code succeeded},
     *               {@code failed}, {@code timed out}, {@code lost}, {@code cancelled}
     * @param reason the error or the end's cause; null when there is none
     */
    public record Attempt(int attempt, String agentId, String host, Instant startedAt, Instant endedAt, String end,
                          Integer exitCode, String reason) {
    }
}
