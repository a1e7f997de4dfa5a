package io.runfleet.scheduler.study;

/** Execution policy as written; absent fields take the defaults of {@link Policy}. */
public record PolicyDocument(Integer maxParallel, Integer retries, String backoff, Integer crashLimit) {
}
