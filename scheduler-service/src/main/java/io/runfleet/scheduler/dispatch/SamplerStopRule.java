package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.study.SamplerSection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an open sampler must stop, and why: the one place that decides it, a pure function of the sampler's
 * section and how its runs stand. The budget's limits are checked here; the built-in loop adds its own reasons
 * (target reached, stagnation) beside them.
 */
public final class SamplerStopRule {

    /**
     * @param reason         what the study and its client are told, naming the limit: "budget.maxRuns reached: 60 runs"
     * @param cancelInFlight whether the runs in flight are cancelled rather than left to finish
     */
    public record Stop(String reason, boolean cancelInFlight) {
    }

    private SamplerStopRule() {
    }

    public static Optional<Stop> check(SamplerSection sampler, SamplerRuns.Tally runs, Instant submittedAt,
                                       Instant now) {
        SamplerSection.Budget budget = sampler.budget();
        boolean cancel = sampler.onStop() == SamplerSection.OnStop.CANCEL;
        if (runs.created() >= budget.maxRuns()) {
            // the runs made are the budget's own: they always finish, whatever onStop says
            return Optional.of(new Stop("budget.maxRuns reached: " + runs.created() + " runs", false));
        }
        if (budget.maxFailures() != null && runs.failed() >= budget.maxFailures()) {
            return Optional.of(new Stop("budget.maxFailures reached: " + runs.failed() + " failed runs", cancel));
        }
        if (budget.maxTime() != null && !now.isBefore(submittedAt.plus(budget.maxTime()))) {
            return Optional.of(new Stop("budget.maxTime reached: " + words(budget.maxTime())
                    + " since the study was submitted", cancel));
        }
        return Optional.empty();
    }

    /** The runs the sampler may still add now: room in flight, within what the budget has left; never negative. */
    public static long capacity(SamplerSection sampler, SamplerRuns.Tally runs) {
        long inFlightRoom = sampler.inFlight() - runs.unfinished();
        long budgetLeft = sampler.budget().maxRuns() - runs.created();
        return Math.max(0, Math.min(inFlightRoom, budgetLeft));
    }

    private static String words(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
