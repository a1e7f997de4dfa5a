package io.runfleet.wire;

/**
 * Where a run came from in a sampler loop (a study's {@code sampler} section): the point's id as the external client
 * named it, and the loop's round that proposed it. Travels with the run's request, its result and its completion
 * event, so that a client matches outcomes to its own points without asking the scheduler, and the results table
 * shows each run's round.
 *
 * @param clientPointId the id an ask/tell client posted the point with; null for points the built-in sampler chose
 * @param round         the sampler round that proposed the point, from 0 (the initial design is round 0)
 */
public record SamplerPoint(String clientPointId, int round) {
}
