package io.runfleet.scheduler.api;

/** Answer to a submission: the new study's id and how many runs it expanded to. */
public record SubmittedStudy(String id, String name, String state, long runs) {
}
