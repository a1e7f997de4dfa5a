package io.runfleet.scheduler.api;

import java.time.Instant;
import java.util.Map;

/**
 * One run as listed by {@code GET /studies/{id}/runs}. {@code error} is the reason a run did not succeed (the
 * exit code with the end of stderr, a timeout, a lost agent), or {@code waiting for an agent} for a DISPATCHED run whose
 * request no agent has taken yet; {@code repetition} counts the copies of its parameter
 * set that repeats made before it (0 for a run of the document or of an extension); {@code stage} names the run's
 * stage ({@code main} for the study's own runs) and {@code parentRunId} the run of the stage before that made it;
 * {@code attemptEnds} counts why the run's earlier attempts ended (docs/design.md, "Attempt outcomes").
 * In a sampler loop, {@code clientPointId} is the id its client posted the point with, {@code samplerRound} the round
 * that proposed it and {@code objectiveValue} the objective's value from its result; {@code cancelRequested} says a
 * client asked to cancel the run (POST /studies/{id}/cancellations), also after it ended.
 */
public record RunView(String id, long seq, String state, int attempt, Map<String, Object> params, String paramHash,
                      Integer exitCode, String error, String agentId, String host, Instant startedAt,
                      Instant endedAt, int repetition, String stage, String parentRunId, AttemptEnds attemptEnds,
                      String clientPointId, Integer samplerRound, Double objectiveValue, boolean cancelRequested) {

    /**
     * How many attempts of the run ended each way without ending the run: {@code failed} (its own error; uses
     * retries), {@code lost} (its agent vanished or could not deliver; uses the crash limit), {@code preempted}
     * (killed mid-way as its agent's allocation ended) and {@code drained} (handed back unfinished); the last two use
     * neither.
     */
    public record AttemptEnds(int failed, int lost, int preempted, int drained) {
    }
}
