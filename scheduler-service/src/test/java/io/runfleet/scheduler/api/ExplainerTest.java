package io.runfleet.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.launch.LaunchStatus;
import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.study.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private static final Policy POLICY = new Policy(2, 2, Duration.ofSeconds(1), 3);

    @Test
    void aPendingRunHeldByMaxParallelSaysSo() {
        RunExplanation explained = Explainer.run(run(RunState.PENDING), POLICY, 0,
                study(Map.of(RunState.RUNNING, 2L, RunState.PENDING, 5L), null, null), NOW);

        assertThat(explained.summary()).contains("concurrency limit").contains("maxParallel 2");
        assertThat(explained.current()).isNull();
    }

    @Test
    void aPendingRunBelowTheLimitIsNextInLine() {
        RunExplanation explained = Explainer.run(run(RunState.PENDING), POLICY, 0,
                study(Map.of(RunState.RUNNING, 1L), null, null), NOW);

        assertThat(explained.summary()).contains("below maxParallel").doesNotContain("concurrency limit");
    }

    @Test
    void aRetryingRunNamesTheEndOfItsBackOffAndItsLastError() {
        RunEntity run = run(RunState.RETRYING);
        run.attempt = 1;
        run.failureCount = 1;
        run.exitCode = 3;
        run.error = "exit code 3: odd x";
        run.agentId = "a-1";
        run.notBefore = NOW.plusSeconds(30);

        RunExplanation explained = Explainer.run(run, POLICY, 0, study(Map.of(), null, null), NOW);

        assertThat(explained.summary()).contains("backing off").contains(NOW.plusSeconds(30).toString());
        assertThat(explained.reasons()).anyMatch(line -> line.contains("1 failed (of 2 retries)")
                && line.contains("odd x"));
        assertThat(explained.current().end()).isEqualTo("failed");
        assertThat(explained.current().agentId()).isEqualTo("a-1");
    }

    @Test
    void aRunFailedAfterItsRetriesSaysWhyAndHowOften() {
        RunEntity run = run(RunState.FAILED);
        run.attempt = 3;
        run.failureCount = 3;
        run.exitCode = 3;
        run.error = "exit code 3: odd x";
        run.agentId = "a-2";
        run.host = "node7";

        RunExplanation explained = Explainer.run(run, POLICY, 0, study(Map.of(), null, null), NOW);

        assertThat(explained.summary()).isEqualTo("failed on agent a-2 (host node7) with exit code 3: exit code 3:"
                + " odd x");
        assertThat(explained.reasons()).contains("3 attempt(s) failed; retries allowed: 2");
        assertThat(explained.earlier().failed()).isEqualTo(3);
    }

    @Test
    void aRunRequeuedByACancelledAllocationNamesItsPreemptionsAndTheAllocations() {
        RunEntity run = run(RunState.PENDING);
        run.attempt = 2;
        run.preemptedCount = 1;
        SlurmLaunchStatus slurm = slurm(List.of(new SlurmLaunchStatus.Allocation("41", "PENDING", 1)), false,
                "at maxPendingAllocations (1): waiting for Slurm to start them");

        RunExplanation explained = Explainer.run(run, POLICY, 0,
                study(Map.of(RunState.PENDING, 3L), launch(slurm), Duration.ofMinutes(1)), NOW);

        assertThat(explained.reasons()).anyMatch(line -> line.startsWith("1 attempt(s) preempted"));
        assertThat(explained.reasons()).anyMatch(line -> line.startsWith("allocations: 41 PENDING; at"
                + " maxPendingAllocations"));
        assertThat(explained.current().end()).isEqualTo("requeued");
    }

    @Test
    void aRunWhoseTimeoutNeverFitsAnAllocationIsToldSo() {
        RunExplanation explained = Explainer.run(run(RunState.PENDING), POLICY, 120_000,
                study(Map.of(), launch(slurm(List.of(), false, "no run waits that fits an allocation")),
                        Duration.ofSeconds(60)), NOW);

        assertThat(explained.reasons()).anyMatch(line -> line.contains("timeout (120 s) exceeds walltime less"
                + " drainMargin (60 s)"));
        assertThat(explained.reasons()).contains("no allocation: no run waits that fits an allocation");
    }

    @Test
    void aPausedPoolIsNamedWithTheCommandThatResumesIt() {
        RunExplanation explained = Explainer.run(run(RunState.PENDING), POLICY, 0,
                study(Map.of(), launch(slurm(List.of(), true, "paused after 3 failed submissions")),
                        Duration.ofSeconds(60)), NOW);

        assertThat(explained.reasons()).contains("submitting allocations is paused: fix the cause, then"
                + " `runfleet alloc resume s1`");
        assertThat(explained.reasons()).contains("last allocation error: sbatch: error: invalid partition");
    }

    @Test
    void aDispatchedRunNotHandedOverWaitsForAnAgentOfItsPool() {
        RunEntity run = run(RunState.DISPATCHED);
        run.attempt = 1;

        RunExplanation explained = Explainer.run(run, POLICY, 0, study(Map.of(RunState.DISPATCHED, 1L), null,
                null), NOW);

        assertThat(explained.summary()).contains("waits in the scheduler for an agent of pool study-s1 with a free"
                + " slot");
        assertThat(explained.current().end()).isEqualTo("waiting");
    }

    @Test
    void aDryRunStudyIsBlockedUntilStarted() {
        Explainer.StudyFacts facts = new Explainer.StudyFacts("s1", StudyState.DRY_RUN, 2,
                Map.of(RunState.PENDING, 4L), null, null, null, null);

        StudyExplanation explained = Explainer.study(facts, 4, NOW);

        assertThat(explained.blockers()).containsExactly("a dry run: nothing is dispatched until `runfleet start s1`");
        assertThat(explained.summary()).isEqualTo("study s1 DRY_RUN: 0 of 4 runs ended (4 PENDING)");
    }

    @Test
    void anActiveStudyListsItsLimitItsBackOffsAndItsFailures() {
        StudyExplanation explained = Explainer.study(study(Map.of(RunState.RUNNING, 2L, RunState.PENDING, 3L,
                RunState.RETRYING, 1L, RunState.FAILED, 1L), null, null), 7, NOW);

        assertThat(explained.blockers()).containsExactly(
                "3 runs wait for the concurrency limit: maxParallel 2 runs are DISPATCHED or RUNNING",
                "1 runs back off before a retry",
                "1 runs FAILED or TIMED_OUT: `runfleet runs s1 --state failed` shows why, `runfleet resume s1` runs"
                        + " them again");
        assertThat(explained.counts()).containsEntry("RUNNING", 2L);
    }

    @Test
    void aCompletedStudyHasNoBlockers() {
        StudyExplanation explained = Explainer.study(new Explainer.StudyFacts("s1", StudyState.COMPLETED, 2,
                Map.of(RunState.SUCCEEDED, 2L), null, null, null, null), 2, NOW);

        assertThat(explained.blockers()).isEmpty();
        assertThat(explained.summary()).contains("2 of 2 runs ended");
    }

    private static RunEntity run(RunState state) {
        RunEntity run = new RunEntity();
        run.id = "r1";
        run.studyId = "s1";
        run.seq = 4;
        run.state = state;
        run.stage = "main";
        return run;
    }

    private static Explainer.StudyFacts study(Map<RunState, Long> counts, LaunchStatus launch, Duration longestRun) {
        return new Explainer.StudyFacts("s1", StudyState.ACTIVE, 2, counts, "study-s1", launch, longestRun, null);
    }

    private static LaunchStatus launch(SlurmLaunchStatus slurm) {
        return new LaunchStatus("slurm", 2, 0, List.of(), 0, 0, 0, null, slurm.lastError(), slurm);
    }

    private static SlurmLaunchStatus slurm(List<SlurmLaunchStatus.Allocation> allocations, boolean paused,
                                           String explanation) {
        return new SlurmLaunchStatus(allocations, 1, 3, 3, 2, 0, paused ? 3 : 0, null, paused,
                paused ? "sbatch: error: invalid partition" : null, explanation, List.of(), "study-s1", "slurm");
    }
}
