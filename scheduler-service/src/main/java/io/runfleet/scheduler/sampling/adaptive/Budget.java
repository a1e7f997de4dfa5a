package io.runfleet.scheduler.sampling.adaptive;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The run budget of an adaptive study: at most {@code maxRuns} runs proposed (finished plus pending) and at most
 * {@code maxFailures} failed. The wall-clock limit (budget.maxTime) is the scheduler's: it knows the study's start.
 */
public record Budget(OptionalInt maxRuns, OptionalInt maxFailures) {

    public Budget {
        if (maxRuns.isPresent() && maxRuns.getAsInt() < 1) {
            throw new IllegalArgumentException("budget.maxRuns must be >= 1, got " + maxRuns.getAsInt());
        }
        if (maxFailures.isPresent() && maxFailures.getAsInt() < 0) {
            throw new IllegalArgumentException("budget.maxFailures must be >= 0, got " + maxFailures.getAsInt());
        }
    }

    /** @return why no more runs may start, or empty */
    public Optional<String> check(List<Observation> finished, int pending) {
        long failures = finished.stream().filter(Observation::failed).count();
        if (maxFailures.isPresent() && failures > maxFailures.getAsInt()) {
            return Optional.of("budget.maxFailures: " + failures + " runs failed, more than "
                    + maxFailures.getAsInt());
        }
        if (maxRuns.isPresent() && finished.size() + pending >= maxRuns.getAsInt()) {
            return Optional.of("budget.maxRuns: " + (finished.size() + pending) + " of " + maxRuns.getAsInt()
                    + " runs proposed");
        }
        return Optional.empty();
    }

    /** How many more points may be proposed now, given the in-flight limit. */
    public int room(List<Observation> finished, int pending, int inFlight) {
        int free = Math.max(inFlight - pending, 0);
        if (check(finished, pending).isPresent()) {
            return 0;
        }
        return maxRuns.isPresent() ? Math.min(free, maxRuns.getAsInt() - finished.size() - pending) : free;
    }
}
