package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.KeptFile;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepRecord;
import io.runfleet.wire.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of named steps, with real processes: order, {@code when}, timeouts, records, keep and scratch. */
class StepSequenceTest {

    @TempDir
    Path workDir;
    @TempDir
    Path scratchBase;

    private RunExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new RunExecutor(workDir, OutputParsers.standard(), 20);
    }

    private static StepSpec step(String name, String script) {
        return step(name, script, 0, StepSpec.WHEN_SUCCESS);
    }

    private static StepSpec step(String name, String script, long timeoutMillis, String when) {
        return new StepSpec(name, List.of("sh", "-c", script), false, null, null, null, Map.of(), timeoutMillis,
                when);
    }

    private static RunSpec steps(String keep, List<String> patterns, String scratch, List<OutputSpec> outputs,
                                 StepSpec... steps) {
        return new RunSpec(List.of(), false, null, Map.of("RUN_VAR", "run"), Map.of(), 0, outputs, keep,
                List.of(steps), patterns, scratch, null);
    }

    private static RunSpec steps(StepSpec... steps) {
        return steps(RunSpec.KEEP_ALL, List.of(), null, List.of(new OutputSpec(OutputSpec.JSON, "out.json", null)),
                steps);
    }

    private Path runDir() {
        return workDir.resolve("study-1").resolve("7-run-a-a2");
    }

    private static List<String> keptPaths(Execution execution) {
        return execution.kept().files().stream().map(KeptFile::path).toList();
    }

    @Test
    void runsTheStepsInOrderInOneDirectoryAndParsesTheOutputsAfterTheLast() throws IOException {
        StepSpec pre = step("pre", "echo mesh-{{ x }} > mesh.txt; echo pre says hi");
        StepSpec simulate = new StepSpec("simulate", List.of("sh", "-c",
                "test -f mesh.txt || exit 9; echo \"{\\\"e\\\": 2, \\\"v\\\": \\\"$STEP_VAR-$RUN_VAR\\\"}\" > out.json;"
                        + " echo simulated"), false, null, null, null, Map.of("STEP_VAR", "step-{{ x }}"), 0, null);
        StepSpec post = step("post", "cat mesh.txt out.json > table.txt");

        Execution execution = executor.execute(request(steps(pre, simulate, post), Map.of("x", 3)));

        assertThat(execution.outcome()).as(execution.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).containsEntry("e", 2).containsEntry("v", "step-3-run");
        assertThat(execution.steps()).extracting(StepRecord::name).containsExactly("pre", "simulate", "post");
        assertThat(execution.steps()).allSatisfy(record -> {
            assertThat(record.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(record.exitCode()).isZero();
            assertThat(record.durationMillis()).isNotNegative();
        });
        assertThat(Files.readString(runDir().resolve("table.txt"))).startsWith("mesh-3\n{\"e\": 2");
        assertThat(Files.readString(runDir().resolve("pre.stdout"))).isEqualTo("pre says hi\n");
        assertThat(Files.readString(runDir().resolve("stdout"))).as("stdout is the simulate step's")
                .isEqualTo("simulated\n");
        assertThat(keptPaths(execution)).contains("pre.stdout", "simulate.stdout", "post.stderr", "stdout", "stderr");
    }

    @Test
    void afterAFailingStepOnlyTheAlwaysStepsRunAndTheFailureNamesTheStep() throws IOException {
        StepSpec pre = step("pre", "echo ok");
        StepSpec simulate = step("simulate", "echo diverged >&2; exit 3");
        StepSpec skipped = step("report", "touch report.txt");
        StepSpec post = step("post", "echo collected > logs.txt", 0, StepSpec.WHEN_ALWAYS);

        Execution execution = executor.execute(request(steps(pre, simulate, skipped, post), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("step 'simulate' exited with 3: diverged");
        assertThat(execution.exitCode()).isEqualTo(3);
        assertThat(execution.stderrTail()).isEqualTo("diverged");
        assertThat(execution.outputs()).isEmpty();
        assertThat(execution.steps()).containsExactly(
                new StepRecord("pre", RunOutcome.SUCCEEDED, 0, execution.steps().get(0).durationMillis()),
                new StepRecord("simulate", RunOutcome.FAILED, 3, execution.steps().get(1).durationMillis()),
                new StepRecord("post", RunOutcome.SUCCEEDED, 0, execution.steps().get(2).durationMillis()));
        assertThat(runDir().resolve("report.txt")).doesNotExist();
        assertThat(Files.readString(runDir().resolve("logs.txt"))).isEqualTo("collected\n");
        assertThat(Files.readString(runDir().resolve("stderr"))).isEqualTo("diverged\n");
    }

    @Test
    void aStepThatOutrunsItsOwnTimeoutIsKilledAndTheAlwaysStepsStillRun() throws IOException {
        StepSpec simulate = step("simulate", "echo $$ > pid; sleep 30", 500, StepSpec.WHEN_SUCCESS);
        StepSpec post = step("post", "echo after > after.txt", 0, StepSpec.WHEN_ALWAYS);

        Execution execution = executor.execute(request(steps(simulate, post), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(execution.error()).startsWith("step 'simulate' timed out after 500ms");
        assertThat(execution.steps()).extracting(StepRecord::name, StepRecord::outcome, StepRecord::exitCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("simulate", RunOutcome.TIMED_OUT, null),
                        org.assertj.core.groups.Tuple.tuple("post", RunOutcome.SUCCEEDED, 0));
        assertThat(execution.steps().get(0).durationMillis()).isBetween(400L, 20_000L);
        assertThat(Files.readString(runDir().resolve("after.txt"))).isEqualTo("after\n");
        Processes.awaitGone(Long.parseLong(Files.readString(runDir().resolve("pid")).strip()));
    }

    @Test
    void theRunsTimeoutBoundsAllStepsAndStopsTheAlwaysSteps() {
        RunSpec spec = new RunSpec(List.of(), false, null, Map.of(), Map.of(), 700, List.of(), RunSpec.KEEP_ALL,
                List.of(step("simulate", "sleep 30"), step("post", "touch post.txt", 0, StepSpec.WHEN_ALWAYS)),
                List.of(), null, null);

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(execution.error()).startsWith("timed out after 700ms in step 'simulate'");
        assertThat(execution.steps()).extracting(StepRecord::name).containsExactly("simulate");
        assertThat(runDir().resolve("post.txt")).doesNotExist();
    }

    @Test
    void builtinAndPluginStepsAreRecordedAndAnUnknownPluginStepFailsNamingThePluginPath() {
        StepSpec noop = new StepSpec("prepare", List.of(), false, "noop", null, null, Map.of(), 0, null);
        StepSpec plugin = new StepSpec("mesh", List.of(), false, null, "gmsh-mesher", Map.of("size", 2), Map.of(),
                0, null);

        Execution execution = executor.execute(request(steps(noop, plugin), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).startsWith("step 'mesh': ").contains("'gmsh-mesher'")
                .contains("runfleet.agent.plugin-path is unset");
        assertThat(execution.steps()).extracting(StepRecord::name, StepRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prepare", RunOutcome.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("mesh", RunOutcome.FAILED));
    }

    @Test
    void keepFailedRemovesTheDirectoryOfASucceededRunAndKeepsAFailedOnes() {
        RunSpec succeeding = steps(RunSpec.KEEP_FAILED, List.of(), null, List.of(), step("simulate", "echo a > a.txt"));
        Execution succeeded = executor.execute(request("run-a", succeeding, Map.of()));
        assertThat(succeeded.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(succeeded.kept()).isNull();
        assertThat(runDir()).doesNotExist();

        RunSpec failing = new RunSpec(List.of("sh", "-c", "echo b > b.txt; exit 1"), false, null, Map.of(),
                Map.of(), 0, List.of(), RunSpec.KEEP_FAILED);
        Execution failed = executor.execute(request("run-b", failing, Map.of()));
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(keptPaths(failed)).containsExactly("b.txt", "stderr", "stdout");
        assertThat(workDir.resolve("study-1").resolve("7-run-b-a2").resolve("b.txt")).exists();
    }

    @Test
    void keepPatternsKeepsTheMatchingFilesAndTheCapturedStreams() {
        RunSpec spec = steps(RunSpec.KEEP_PATTERNS, List.of("*.csv", "out/**"), null, List.of(),
                step("simulate", "mkdir -p out/deep scratch; echo 1 > a.csv; echo 2 > b.bin; echo 3 > out/deep/c.dat;"
                        + " echo 4 > scratch/d.csv"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).as(execution.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(keptPaths(execution)).containsExactly("a.csv", "out/deep/c.dat", "simulate.stderr",
                "simulate.stdout", "stderr", "stdout");
        assertThat(runDir().resolve("b.bin")).doesNotExist();
        assertThat(runDir().resolve("scratch/d.csv")).doesNotExist();
    }

    @Test
    void aScratchDirectoryIsRemovedAfterSuccessFailureAndTimeoutAndKeptFilesAreCopiedBack() throws IOException {
        String scratch = scratchBase.toString();
        RunSpec succeeding = steps(RunSpec.KEEP_PATTERNS, List.of("*.csv"), scratch,
                List.of(new OutputSpec(OutputSpec.JSON, "out.json", null)),
                step("simulate", "pwd > where.csv; echo '{\"e\": 1}' > out.json; echo big > big.bin"));
        Execution succeeded = executor.execute(request("run-a", succeeding, Map.of()));
        assertThat(succeeded.outcome()).as(succeeded.error()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(succeeded.outputs()).containsEntry("e", 1);
        assertThat(keptPaths(succeeded)).containsExactly("simulate.stderr", "simulate.stdout", "stderr", "stdout",
                "where.csv");
        Path copied = workDir.resolve("study-1").resolve("7-run-a-a2").resolve("where.csv");
        assertThat(Files.readString(copied).strip()).startsWith(scratchBase.toRealPath().toString());
        assertThat(succeeded.kept().directory()).isEqualTo(copied.getParent().toString());

        RunSpec failing = new RunSpec(List.of("sh", "-c", "echo x > x.txt; exit 4"), false, null, Map.of(),
                Map.of(), 0, List.of(), RunSpec.KEEP_ALL, List.of(), List.of(), scratch, null);
        Execution failed = executor.execute(request("run-b", failing, Map.of()));
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(keptPaths(failed)).containsExactly("stderr", "stdout", "x.txt");

        RunSpec slow = new RunSpec(List.of(), false, null, Map.of(), Map.of(), 0, List.of(), RunSpec.KEEP_NONE,
                List.of(step("simulate", "touch started; sleep 30", 300, StepSpec.WHEN_SUCCESS)), List.of(), scratch,
                null);
        Execution timedOut = executor.execute(request("run-c", slow, Map.of()));
        assertThat(timedOut.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(workDir.resolve("study-1").resolve("7-run-c-a2")).doesNotExist();

        try (var left = Files.list(scratchBase)) {
            assertThat(left.toList()).as("scratch directories left behind").isEmpty();
        }
    }

    @Test
    void aCancelledRunRunsNoAlwaysStepAndLeavesNoScratchDirectory() throws Exception {
        RunSpec spec = steps(RunSpec.KEEP_ALL, List.of(), scratchBase.toString(), List.of(),
                step("simulate", "echo $$ > pid; sleep 30"), step("post", "touch post.txt", 0, StepSpec.WHEN_ALWAYS));
        CompletableFuture<Execution> running = CompletableFuture.supplyAsync(
                () -> executor.execute(request(spec, Map.of())));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pidFileIn(scratchBase) != null);
        long pid = Long.parseLong(Files.readString(pidFileIn(scratchBase)).strip());

        assertThat(executor.cancel(new RunRef("run-a", 2), "study cancelled")).isTrue();

        Execution execution = running.get(30, TimeUnit.SECONDS);
        assertThat(execution.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(execution.error()).isEqualTo("study cancelled");
        assertThat(execution.steps()).extracting(StepRecord::name, StepRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("simulate", RunOutcome.CANCELLED));
        assertThat(Processes.isRunning(pid)).isFalse();
        assertThat(keptPaths(execution)).contains("pid").doesNotContain("post.txt");
        try (var left = Files.list(scratchBase)) {
            assertThat(left.toList()).as("scratch directories left behind").isEmpty();
        }
    }

    private static Path pidFileIn(Path base) throws IOException {
        try (var dirs = Files.list(base)) {
            return dirs.map(dir -> dir.resolve("pid")).filter(file -> {
                try {
                    return Files.size(file) > 0;
                } catch (IOException absent) {
                    return false;
                }
            }).findFirst().orElse(null);
        }
    }

    @Test
    void aRequestWithAnUnknownWhenOrAnUnsafeStepNameFailsBeforeAnyStepRuns() {
        Execution later = executor.execute(request("run-a", steps(step("pre", "touch ran"),
                step("post", "true", 0, "later")), Map.of()));
        assertThat(later.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(later.error()).isEqualTo("spec.steps: step 'post' has when 'later'; use success or always");
        assertThat(later.steps()).isEmpty();
        assertThat(runDir().resolve("ran")).doesNotExist();

        Execution climbing = executor.execute(request("run-b", steps(step("../up", "true")), Map.of()));
        assertThat(climbing.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(climbing.error()).startsWith("spec.steps: '../up' cannot name a step");
    }

    @Test
    void theShortFormRecordsNoSteps() {
        RunSpec spec = new RunSpec(List.of("true"), false, null, Map.of(), Map.of(), 0, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.steps()).isEmpty();
    }
}
