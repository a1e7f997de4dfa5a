package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.LaunchStatus;
import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.study.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a run waits or how it ended, and what holds a study back: pure reasoning over what the run table, the study's
 * policy and its launch status say (docs/cli.md, "explain"). No I/O, so each answer is tested on its own.
 */
final class Explainer {

    private Explainer() {
    }

    /**
     * What the explainer knows of a study.
     *
     * @param maxParallel the study's limit of runs DISPATCHED or RUNNING at once
     * @param pool        the pool its runs go to; null for agents without a pool
     * @param launch      what the scheduler does about its launched agents; null without a launch section
     * @param longestRun  for a slurm launch, the longest timeout an allocation takes; null otherwise
     * @param error       why the scheduler failed the study; null if it did not
     */
    record StudyFacts(String id, StudyState state, int maxParallel, Map<RunState, Long> counts, String pool,
                      LaunchStatus launch, Duration longestRun, String error) {

        long count(RunState state) {
            return counts.getOrDefault(state, 0L);
        }

        long inFlight() {
            return count(RunState.DISPATCHED) + count(RunState.RUNNING);
        }
    }

    static RunExplanation run(RunEntity run, Policy policy, long timeoutMillis, StudyFacts study, Instant now) {
        List<String> reasons = new ArrayList<>();
        String summary = switch (run.state) {
            case PENDING -> pending(study, reasons);
            case RETRYING -> retrying(run, policy, study, reasons, now);
            case DISPATCHED -> dispatched(run, study, reasons);
            case RUNNING -> "running on agent " + run.agentId + where(run.host) + " since " + run.startedAt;
            case SUCCEEDED -> "succeeded" + on(run) + (run.endedAt == null ? "" : " at " + run.endedAt);
            case FAILED, TIMED_OUT -> failed(run, policy, reasons);
            case CANCELLED -> "cancelled" + (run.error == null ? "" : ": " + run.error);
        };
        if (RunState.UNFINISHED.contains(run.state) && run.state != RunState.RUNNING) {
            launchReasons(study, timeoutMillis, reasons);
        }
        RunView.AttemptEnds earlier = new RunView.AttemptEnds(run.failureCount, run.lostCount, run.preemptedCount,
                run.drainedCount);
        if (run.preemptedCount > 0 || run.drainedCount > 0) {
            reasons.add(run.preemptedCount + " attempt(s) preempted and " + run.drainedCount + " drained (their"
                    + " allocation ended or their agent handed them back): requeued without using retries");
        }
        return new RunExplanation(study.id(), run.id, run.seq, run.stage, run.state.name(), run.attempt, summary,
                List.copyOf(reasons), earlier, current(run));
    }

    static StudyExplanation study(StudyFacts study, long total, Instant now) {
        List<String> blockers = new ArrayList<>();
        long waiting = study.count(RunState.PENDING) + study.count(RunState.RETRYING);
        switch (study.state()) {
            case DRY_RUN -> blockers.add("a dry run: nothing is dispatched until `runfleet start " + study.id() + "`");
            case ACTIVE -> {
                if (study.count(RunState.PENDING) > 0 && study.inFlight() >= study.maxParallel()) {
                    blockers.add(study.count(RunState.PENDING) + " runs wait for the concurrency limit: maxParallel "
                            + study.maxParallel() + " runs are DISPATCHED or RUNNING");
                }
                if (study.count(RunState.RETRYING) > 0) {
                    blockers.add(study.count(RunState.RETRYING) + " runs back off before a retry");
                }
                if (study.count(RunState.DISPATCHED) > 0) {
                    blockers.add(study.count(RunState.DISPATCHED) + " runs are dispatched and wait for an agent "
                            + poolText(study) + " to take them");
                }
                if (waiting + study.count(RunState.DISPATCHED) > 0) {
                    launchReasons(study, 0, blockers);
                }
            }
            case FAILED -> blockers.add("the scheduler failed the study: " + study.error());
            default -> {
                // COMPLETED or CANCELLED: nothing holds it back, it ended
            }
        }
        long failed = study.count(RunState.FAILED) + study.count(RunState.TIMED_OUT);
        if (failed > 0) {
            blockers.add(failed + " runs FAILED or TIMED_OUT: `runfleet runs " + study.id() + " --state failed`"
                    + " shows why, `runfleet resume " + study.id() + "` runs them again");
        }
        long ended = study.counts().entrySet().stream().filter(entry -> entry.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue).sum();
        String counts = study.counts().entrySet().stream().filter(entry -> entry.getValue() > 0)
                .map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(", "));
        String summary = "study " + study.id() + " " + study.state() + ": " + ended + " of " + total
                + " runs ended" + (counts.isEmpty() ? "" : " (" + counts + ")");
        return new StudyExplanation(study.id(), study.state().name(), total,
                study.counts().entrySet().stream().collect(Collectors.toMap(entry -> entry.getKey().name(),
                        Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new)),
                summary, List.copyOf(blockers));
    }

    private static String pending(StudyFacts study, List<String> reasons) {
        if (study.state() != StudyState.ACTIVE) {
            return notActive(study);
        }
        if (study.inFlight() >= study.maxParallel()) {
            reasons.add(study.inFlight() + " runs of the study are DISPATCHED or RUNNING");
            return "waits for the concurrency limit: maxParallel " + study.maxParallel()
                    + " runs are in flight; it goes when one of them ends";
        }
        return "waits to be dispatched: the study is below maxParallel (" + study.inFlight() + " of "
                + study.maxParallel() + " in flight); runs go in order of seq at the next round";
    }

    private static String retrying(RunEntity run, Policy policy, StudyFacts study, List<String> reasons,
                                   Instant now) {
        reasons.add("earlier attempts: " + run.failureCount + " failed (of " + policy.retries() + " retries), "
                + run.lostCount + " lost (of crash limit " + policy.crashLimit() + ")"
                + (run.error == null ? "" : "; last error: " + run.error));
        if (study.state() != StudyState.ACTIVE) {
            return notActive(study);
        }
        if (run.notBefore != null && now.isBefore(run.notBefore)) {
            return "backing off after a failed attempt: retried not before " + run.notBefore;
        }
        return "its back-off is over: retried at the next round, within maxParallel " + study.maxParallel();
    }

    private static String dispatched(RunEntity run, StudyFacts study, List<String> reasons) {
        if (run.handedOverAt == null) {
            reasons.add("no agent " + poolText(study) + " with a free slot has asked for work since it was"
                    + " dispatched");
            return "its request (attempt " + run.attempt + ") waits in the scheduler for an agent " + poolText(study)
                    + " with a free slot";
        }
        return "its request (attempt " + run.attempt + ") was handed to an agent's transport at " + run.handedOverAt
                + "; waiting for an agent " + poolText(study) + " to claim it";
    }

    private static String failed(RunEntity run, Policy policy, List<String> reasons) {
        String how = run.state == RunState.TIMED_OUT ? "timed out" : "failed";
        if (run.lostCount > policy.crashLimit()) {
            reasons.add("its agent was lost " + run.lostCount + " times, more than the crash limit "
                    + policy.crashLimit());
        } else if (run.failureCount > 0) {
            reasons.add(run.failureCount + " attempt(s) failed; retries allowed: " + policy.retries());
        }
        return how + on(run) + (run.exitCode == null ? "" : " with exit code " + run.exitCode)
                + (run.error == null ? "" : ": " + run.error);
    }

    private static String notActive(StudyFacts study) {
        return study.state() == StudyState.DRY_RUN
                ? "the study is a dry run: nothing is dispatched until `runfleet start " + study.id() + "`"
                : "the study is " + study.state() + ": its runs are not dispatched";
    }

    /** The launch section's side: allocations of a slurm launch, or agents the scheduler stopped replacing. */
    private static void launchReasons(StudyFacts study, long timeoutMillis, List<String> reasons) {
        LaunchStatus launch = study.launch();
        if (study.longestRun() != null && timeoutMillis > study.longestRun().toMillis()) {
            reasons.add("its timeout (" + timeoutMillis / 1000 + " s) exceeds walltime less drainMargin ("
                    + study.longestRun().toSeconds() + " s): no allocation will take it; raise walltime or lower"
                    + " its timeout");
        }
        if (launch == null) {
            return;
        }
        SlurmLaunchStatus slurm = launch.slurm();
        if (slurm == null) {
            if (launch.stoppedReplacing() != null) {
                reasons.add("launched agents: " + launch.stoppedReplacing());
            }
            if (launch.lastError() != null) {
                reasons.add("last launch error: " + launch.lastError());
            }
            return;
        }
        if (slurm.allocations().isEmpty()) {
            reasons.add("no allocation: " + slurm.explanation());
        } else {
            reasons.add("allocations: " + slurm.allocations().stream()
                    .map(allocation -> allocation.jobId() + " " + allocation.state())
                    .collect(Collectors.joining(", ")) + "; " + slurm.explanation());
        }
        if (slurm.paused()) {
            reasons.add("submitting allocations is paused: fix the cause, then `runfleet alloc resume "
                    + study.id() + "`");
        } else if (slurm.backoffUntil() != null) {
            reasons.add("no allocation is submitted before " + slurm.backoffUntil());
        }
        if (slurm.lastError() != null) {
            reasons.add("last allocation error: " + slurm.lastError());
        }
    }

    private static RunExplanation.Attempt current(RunEntity run) {
        if (run.attempt == 0) {
            return null;
        }
        String end = switch (run.state) {
            case PENDING -> "requeued";
            case RETRYING -> run.exitCode == null && (run.error == null || run.error.startsWith("lost")
                    || run.error.startsWith("result undeliverable")) ? "lost" : "failed";
            case DISPATCHED -> "waiting";
            case RUNNING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> run.lostCount > 0 && run.exitCode == null ? "lost" : "failed";
            case TIMED_OUT -> "timed out";
            case CANCELLED -> "cancelled";
        };
        return new RunExplanation.Attempt(run.attempt, run.agentId, run.host, run.startedAt, run.endedAt, end,
                run.exitCode, run.error);
    }

    private static String poolText(StudyFacts study) {
        return study.pool() == null ? "without a pool" : "of pool " + study.pool();
    }

    private static String on(RunEntity run) {
        return run.agentId == null ? "" : " on agent " + run.agentId + where(run.host);
    }

    private static String where(String host) {
        return host == null ? "" : " (host " + host + ")";
    }
}
