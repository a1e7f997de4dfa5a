package io.runfleet.scheduler.api;

import java.time.Instant;
import java.util.Map;

/**
 * A study's state and how many of its runs are in each state, with what identifies its document: the SHA-256 of
 * the document as submitted and where the submission came from ({@code null} when the client reported nothing).
 * {@code error} says why the scheduler failed the study (state FAILED); {@code null} otherwise.
 */
public record StudySummary(String id, String name, String state, Instant submittedAt, Instant completedAt,
                           long total, Map<String, Long> counts, String documentSha256,
                           SubmissionProvenance provenance, String error) {
}
