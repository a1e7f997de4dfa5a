package io.runfleet.scheduler.study;

import java.time.Duration;

/**
 * How a study's runs are executed and retried.
 *
 * @param maxParallel most runs DISPATCHED or RUNNING at once
 * @param retries     how many times a FAILED or TIMED_OUT attempt is tried again
 * @param backoff     wait before the first retry; doubled for each further one
 * @param crashLimit  how many lost attempts (agent stopped reporting) are retried before the run FAILS
 */
public record Policy(int maxParallel, int retries, Duration backoff, int crashLimit) {

    public static final int DEFAULT_MAX_PARALLEL = 8;
    public static final int DEFAULT_RETRIES = 0;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_CRASH_LIMIT = 3;

    /** Back-off before retry number {@code failures} (from 1): backoff * 2^(failures-1), capped at a day. */
    public Duration backoffBeforeRetry(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration wait = backoff.multipliedBy(1L << doublings);
        Duration cap = Duration.ofDays(1);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
