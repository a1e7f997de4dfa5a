package io.runfleet.scheduler.api;

import java.time.Instant;
import java.util.Map;

/** One run as listed by {@code GET /studies/{id}/runs}. */
public record RunView(String id, long seq, String state, int attempt, Map<String, Object> params, String paramHash,
                      Integer exitCode, String error, String agentId, String host, Instant startedAt,
                      Instant endedAt) {
}
