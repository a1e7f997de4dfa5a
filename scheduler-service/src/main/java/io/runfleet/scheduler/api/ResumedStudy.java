package io.runfleet.scheduler.api;

/**
 * Answer to a resume.
 *
 * @param resumed how many CANCELLED, FAILED and TIMED_OUT runs went back to PENDING
 * @param state   the study's state now (ACTIVE)
 */
public record ResumedStudy(String id, String state, long resumed) {
}
