package io.runfleet.agent.worker;

import static io.runfleet.agent.worker.PythonWorkers.alive;
import static io.runfleet.agent.worker.PythonWorkers.request;
import static io.runfleet.agent.worker.PythonWorkers.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent workers through the agent's executor, with a real Python worker (docs/worker-protocol.md). */
class WorkerPoolTest {

    @TempDir
    Path workDir;

    private RunExecutor executor;

    @BeforeEach
    void setUp() {
        executor = new RunExecutor(workDir, OutputParsers.standard(), 20);
        executor.workers().configure(2, Duration.ofMinutes(5), 20);
    }

    @AfterEach
    void tearDown() {
        executor.workers().close();
    }

    @Test
    void oneWorkerServesEveryRunWithItsOwnOutputsInItsOwnDirectory() throws Exception {
        RunSpec spec = spec(0, 0);
        Set<Object> pids = new HashSet<>();
        for (int x = 0; x < 5; x++) {
            Execution execution = executor.execute(request("s1", "run-" + x, spec, Map.of("x", x)));

            assertThat(execution.outcome()).as(execution.error()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(execution.outputs()).containsEntry("y", 2 * x);
            assertThat(workDir.resolve("s1/0-run-" + x + "-a1/seen.txt")).hasContent(Integer.toString(x));
            pids.add(execution.outputs().get("pid"));
        }
        assertThat(pids).hasSize(1);
        assertThat(executor.workers().size()).isEqualTo(1);
        // print() in the function went to the worker's log, not into the protocol
        assertThat(workDir.resolve("s1/workers/main-1/worker.log")).content().contains("working on 4");
    }

    @Test
    void theStudysOutputsAreParsedFromTheRunDirectoryBesideTheWorkersOwn() {
        RunSpec spec = spec(0, 0, new OutputSpec(OutputSpec.REGEX, "seen.txt", "(?<seen>\\d+)"));

        Execution execution = executor.execute(request("s1", "run-1", spec, Map.of("x", 21)));

        assertThat(execution.outcome()).as(execution.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).containsEntry("y", 42).containsEntry("seen", 21L);
    }

    @Test
    void anErrorLineFailsThatRunAloneAndTheWorkerGoesOn() {
        RunSpec spec = spec(0, 0);
        Execution ok = executor.execute(request("s1", "run-1", spec, Map.of("x", 1)));
        Execution failed = executor.execute(request("s1", "run-2", spec, Map.of("fail", "mesh too coarse")));
        Execution next = executor.execute(request("s1", "run-3", spec, Map.of("x", 3)));

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.error()).isEqualTo("the worker reports: RuntimeError: mesh too coarse");
        assertThat(failed.stderrTail()).contains("Traceback");
        assertThat(next.outputs()).containsEntry("y", 6).containsEntry("pid", ok.outputs().get("pid"));
    }

    @Test
    void aRunPastItsTimeoutIsTimedOutAndItsWorkerKilledAndRestarted() {
        RunSpec spec = spec(1_000, 0);
        long firstPid = pid(executor.execute(request("s1", "run-1", spec, Map.of("x", 1))));

        Execution slow = executor.execute(request("s1", "run-2", spec, Map.of("sleep", 60)));
        Execution next = executor.execute(request("s1", "run-3", spec, Map.of("x", 3)));

        assertThat(slow.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(slow.error()).startsWith("timed out after 1s; killed the worker");
        assertThat(alive(firstPid)).isFalse();
        assertThat(next.outcome()).as(next.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(pid(next)).isNotEqualTo(firstPid);
    }

    @Test
    void aWorkerKilledMidRunFailsThatRunNamingTheSignalAndTheNextRunGetsAFreshOne() throws Exception {
        RunSpec spec = spec(0, 0);
        long firstPid = pid(executor.execute(request("s1", "run-1", spec, Map.of("x", 1))));
        CompletableFuture<Execution> running = CompletableFuture.supplyAsync(
                () -> executor.execute(request("s1", "run-2", spec, Map.of("sleep", 60))));
        awaitRunning();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
        Execution killed = running.get(30, TimeUnit.SECONDS);
        Execution next = executor.execute(request("s1", "run-3", spec, Map.of("x", 3)));

        assertThat(killed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(killed.error()).contains("the worker died during the run: killed by signal 9 (SIGKILL), "
                + "exit code 137; restarted for the next run");
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(next.outcome()).as(next.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(pid(next)).isNotEqualTo(firstPid);
    }

    @Test
    void aWorkerThatExitsMidRunFailsItNamingTheExitCode() {
        RunSpec spec = spec(0, 0);

        Execution exited = executor.execute(request("s1", "run-1", spec, Map.of("exit", 3)));
        Execution next = executor.execute(request("s1", "run-2", spec, Map.of("x", 2)));

        assertThat(exited.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(exited.error()).contains("exit code 3").doesNotContain("signal");
        assertThat(next.outputs()).containsEntry("y", 4);
    }

    @Test
    void aWorkerIsRecycledAfterItsCountOfRuns() {
        RunSpec spec = spec(0, 3);
        List<Long> pids = new ArrayList<>();
        for (int x = 0; x < 7; x++) {
            pids.add(pid(executor.execute(request("s1", "run-" + x, spec, Map.of("x", x)))));
        }

        assertThat(pids.subList(0, 3)).containsOnly(pids.get(0));
        assertThat(pids.subList(3, 6)).containsOnly(pids.get(3));
        assertThat(new HashSet<>(pids)).hasSize(3);
    }

    @Test
    void aCancelStopsTheRequestInHandAndTheWorkerIsRestarted() throws Exception {
        RunSpec spec = spec(0, 0);
        CompletableFuture<Execution> running = CompletableFuture.supplyAsync(
                () -> executor.execute(request("s1", "run-1", spec, Map.of("sleep", 60))));
        awaitRunning();

        assertThat(executor.cancel(new RunRef("run-1", 1), "cancelled by the user")).isTrue();
        Execution cancelled = running.get(30, TimeUnit.SECONDS);

        assertThat(cancelled.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled by the user");
        assertThat(executor.execute(request("s1", "run-2", spec, Map.of("x", 5))).outputs()).containsEntry("y", 10);
    }

    @Test
    void twoStudiesNeverShareAWorkerAndAnIdleOneMakesRoomForAnother() {
        executor.workers().configure(1, Duration.ofMinutes(5), 20);
        RunSpec spec = spec(0, 0);

        long first = pid(executor.execute(request("s1", "run-1", spec, Map.of("x", 1))));
        long second = pid(executor.execute(request("s2", "run-1", spec, Map.of("x", 1))));

        assertThat(second).isNotEqualTo(first);
        awaitDead(first);
        assertThat(executor.workers().size()).isEqualTo(1);
    }

    @Test
    void anIdleWorkerIsStoppedAfterTheIdleTimeoutAndAllAreStoppedAtClose() {
        executor.workers().configure(2, Duration.ofMillis(300), 20);
        long idle = pid(executor.execute(request("s1", "run-1", spec(0, 0), Map.of("x", 1))));
        awaitDead(idle);
        assertThat(executor.workers().size()).isZero();

        executor.workers().configure(2, Duration.ofMinutes(5), 20);
        long open = pid(executor.execute(request("s1", "run-2", spec(0, 0), Map.of("x", 1))));
        executor.workers().close();

        assertThat(alive(open)).isFalse();
        Execution refused = executor.execute(request("s1", "run-3", spec(0, 0), Map.of("x", 1)));
        assertThat(refused.outcome()).isEqualTo(RunOutcome.CANCELLED);
    }

    @Test
    void aWorkerThatCannotStartFailsTheRunNamingTheProgram() {
        RunSpec spec = new RunSpec(List.of(), false, null, Map.of(), Map.of(), 0, List.of(), "all", null, null, null,
                new io.runfleet.wire.WorkerSpec(List.of("no-such-program-here"), 0));

        Execution failed = executor.execute(request("s1", "run-1", spec, Map.of()));

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.error()).startsWith("cannot start the worker 'no-such-program-here'");
    }

    private static long pid(Execution execution) {
        assertThat(execution.outcome()).as(execution.error()).isEqualTo(RunOutcome.SUCCEEDED);
        return ((Number) execution.outputs().get("pid")).longValue();
    }

    /** Waits until the request of the run in progress reached its worker (the run directory exists). */
    private void awaitRunning() throws Exception {
        for (int i = 0; i < 300 && executor.runningCount() == 0; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
    }

    private static void awaitDead(long pid) {
        for (int i = 0; i < 500 && alive(pid); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(alive(pid)).as("worker %d stopped", pid).isFalse();
    }
}
