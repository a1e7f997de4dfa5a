package io.runfleet.scheduler.persistence;

import java.time.Instant;

/**
 * The columns of a study row that a list of studies shows: everything but the stored documents (the submitted
 * text, the spec and the stages can be megabytes each, and a list needs none of them).
 */
public record StudyListing(String id, String name, StudyState state, Instant submittedAt, Instant completedAt,
                           long totalRuns, String documentSha256, String sourceCommit, Boolean sourceDirty,
                           String clientDirectory, String clientUser, String error) {
}
