package io.runfleet.scheduler.api;

import java.time.Instant;
import java.util.Map;

/** A study's state and how many of its runs are in each state. */
public record StudySummary(String id, String name, String state, Instant submittedAt, Instant completedAt,
                           long total, Map<String, Long> counts) {
}
