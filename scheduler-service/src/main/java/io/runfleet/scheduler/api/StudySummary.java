package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.LaunchStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A study's state and how many of its runs are in each state, with what identifies its document: the SHA-256 of
 * the document as submitted and where the submission came from ({@code null} when the client reported nothing).
 * {@code error} says why the scheduler failed the study (state FAILED); {@code null} otherwise. {@code launch} says
 * what the scheduler does about the agents it launches for the study (docs/launchers.md); {@code null} for a study
 * without a launch section, or one this scheduler process has not looked at yet.
 */
public record StudySummary(String id, String name, String state, Instant submittedAt, Instant completedAt,
                           long total, Map<String, Long> counts, String documentSha256,
                           SubmissionProvenance provenance, String error, LaunchStatus launch) {
}
