package io.runfleet.wire;

/**
 * How one step of an attempt ended, in the order the steps ran; steps that did not run are absent.
 *
 * @param name           the step's name
 * @param outcome        SUCCEEDED, FAILED, TIMED_OUT or CANCELLED
 * @param exitCode       the step's exit code; null for a builtin or plugin step, or when it was killed
 * @param durationMillis wall-clock time the step took
 */
public record StepRecord(String name, RunOutcome outcome, Integer exitCode, long durationMillis) {
}
