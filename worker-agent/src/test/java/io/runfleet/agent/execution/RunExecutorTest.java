package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.command;
import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.process.StderrTail;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunExecutorTest {

    @TempDir
    Path workDir;

    private RunExecutor executor;

    @BeforeEach
    void createExecutor() {
        executor = new RunExecutor(workDir, OutputParsers.standard(), 20);
    }

    @Test
    void rendersTemplateFilesAndArgumentsIntoTheRunDirectory() throws IOException {
        RunSpec spec = new RunSpec(
                List.of("sh", "-c", "cat input/params.txt; printf '%s\\n' \"$1\"", "sh", "arg-{{ x }}-{{ study.id }}"),
                false, null, Map.of(),
                Map.of("input/params.txt", "x={{ x | %.2f }} run={{ run.id }} seq={{ run.seq }} "
                        + "attempt={{ run.attempt }} dir={{ run.dir }}\n"),
                0, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of("x", 1.5)));

        Path runDir = workDir.resolve("study-1").resolve("7-run-a-a2");
        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.exitCode()).isZero();
        assertThat(Files.readString(runDir.resolve("stdout"))).isEqualTo(
                "x=1.50 run=run-a seq=7 attempt=2 dir=" + runDir.toAbsolutePath() + "\narg-1.5-study-1\n");
    }

    @Test
    void passesHostileValuesToTheProgramLiterally() throws IOException {
        Path victim = workDir.resolve("victim");
        Files.createDirectories(victim);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("semicolon", "; rm -rf " + victim);
        params.put("subshell", "$(touch " + victim.resolve("pwned") + ")");
        params.put("quotes", "a \"quoted\" 'value'");
        params.put("spaces", "  two  spaces  ");
        params.put("glob", "*");
        RunSpec spec = new RunSpec(
                List.of("printf", "%s\\n", "{{ semicolon }}", "{{ subshell }}", "{{ quotes }}", "{{ spaces }}",
                        "{{ glob }}"),
                false, null, Map.of(), Map.of(), 0, List.of(), "all");

        Execution execution = executor.execute(request(spec, params));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        String expected = params.values().stream().map(value -> value + "\n").collect(Collectors.joining());
        assertThat(Files.readString(runDirOf("run-a").resolve("stdout"))).isEqualTo(expected);
        assertThat(victim).exists();
        assertThat(victim.resolve("pwned")).doesNotExist();
    }

    @Test
    void passesHostileEnvironmentValuesLiterally() throws IOException {
        String hostile = "$(id); echo `id` \"x\"";
        RunSpec spec = new RunSpec(List.of("sh", "-c", "printf '%s' \"$VALUE\""), false, null,
                Map.of("VALUE", "{{ v }}"), Map.of(), 0, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of("v", hostile)));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(runDirOf("run-a").resolve("stdout"))).isEqualTo(hostile);
    }

    @Test
    void runsThroughShOnlyWhenTheStudyAsksForIt() throws IOException {
        RunSpec spec = new RunSpec(List.of("echo", "{{ x }}", "&&", "echo", "second"), true, null, Map.of(),
                Map.of(), 0, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of("x", 4)));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(runDirOf("run-a").resolve("stdout"))).isEqualTo("4\nsecond\n");
    }

    @Test
    void aShellCommandTakesEachValueAsOneLiteralWord() throws IOException {
        Path pwned = workDir.resolve("pwned");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("separator", "x; touch " + pwned);
        params.put("subshell", "$(touch " + pwned + ")");
        params.put("relative", "`touch pwned` 'quoted' *");
        RunSpec spec = new RunSpec(
                List.of("printf", "'%s\\n'", "{{ separator }}", "{{ subshell }}", "{{ relative }}"), true, null,
                Map.of(), Map.of(), 0, List.of(), "all");

        Execution execution = executor.execute(request(spec, params));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        String expected = params.values().stream().map(value -> value + "\n").collect(Collectors.joining());
        assertThat(Files.readString(runDirOf("run-a").resolve("stdout"))).isEqualTo(expected);
        assertThat(pwned).doesNotExist();
        assertThat(runDirOf("run-a").resolve("pwned")).doesNotExist();
    }

    @Test
    void aShellCommandTakesARawValueAsShellText() throws IOException {
        RunSpec spec = new RunSpec(List.of("echo", "{{ x }}", "{{ redirect | raw }}"), true, null, Map.of(), Map.of(),
                0, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of("x", "a b", "redirect", "> out.txt")));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(runDirOf("run-a").resolve("out.txt"))).isEqualTo("a b\n");
    }

    @Test
    void nonZeroExitFailsWithTheExitCodeAndTheTailOfStderr() {
        RunSpec spec = command(List.of("sh", "-c", "i=1; while [ $i -le 30 ]; do echo line$i >&2; i=$((i+1)); done; "
                + "exit 3"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.exitCode()).isEqualTo(3);
        assertThat(execution.error()).isEqualTo("exit code 3: line30");
        assertThat(execution.stderrTail()).isEqualTo(
                IntStream.rangeClosed(11, 30).mapToObj(i -> "line" + i).collect(Collectors.joining("\n")));
    }

    @Test
    void aCommandKilledByASignalFailsNamingTheSignal() {
        RunSpec spec = command(List.of("sh", "-c", "echo about to die >&2; kill -9 $$"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.exitCode()).isEqualTo(137);
        assertThat(execution.error()).isEqualTo("killed by signal 9 (SIGKILL), exit code 137: about to die");
    }

    @Test
    void stderrTailIsBoundedTo4KiB() {
        RunSpec spec = command(List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x >&2; exit 1"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.stderrTail()).hasSize(StderrTail.MAX_BYTES).matches("x+");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        RunSpec spec = new RunSpec(List.of("sh", "-c", "sleep 300 & echo $! > child.pid; sleep 300"), false, null,
                Map.of(), Map.of(), 1000, List.of(), "all");

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(execution.exitCode()).isNull();
        assertThat(execution.error()).matches("timed out after 1s; killed [0-9]+ processes");
        int killed = Integer.parseInt(execution.error().replaceAll("\\D+", " ").trim().split(" ")[1]);
        assertThat(killed).isGreaterThanOrEqualTo(2);
        long childPid = Long.parseLong(Files.readString(runDirOf("run-a").resolve("child.pid")).trim());
        Processes.awaitGone(childPid);
        assertThat(Processes.isRunning(childPid)).as("background child %d", childPid).isFalse();
    }

    @Test
    void whatACommandLeavesRunningIsKilledWhenItExits() throws Exception {
        // a background child, and a grandchild whose parent exited first (re-parented: no longer a descendant)
        RunSpec spec = command(List.of("sh", "-c",
                "sleep 300 & echo $! > child.pid; (sleep 301 & echo $! > orphan.pid); echo done"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        Processes.awaitGone(Long.parseLong(Files.readString(runDirOf("run-a").resolve("child.pid")).strip()));
        Processes.awaitGone(Long.parseLong(Files.readString(runDirOf("run-a").resolve("orphan.pid")).strip()));
    }

    @Test
    void theLeftoversOfOneRunAreKilledButNotTheProcessesOfAnother() throws Exception {
        RunSpec runsOn = command(List.of("sh", "-c", "echo $$ > shell.pid; sleep 300"));
        CompletableFuture<Execution> other = CompletableFuture.supplyAsync(
                () -> executor.execute(request("run-b", runsOn, Map.of())));
        Path otherPid = runDirOf("run-b").resolve("shell.pid");
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(otherPid)
                && !Files.readString(otherPid).isBlank());
        long otherShell = Long.parseLong(Files.readString(otherPid).strip());

        Execution leaving = executor.execute(request(command(List.of("sh", "-c", "sleep 300 & echo left")),
                Map.of()));

        assertThat(leaving.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Processes.isRunning(otherShell)).as("the other run's command").isTrue();
        executor.cancel(new RunRef("run-b", 2), "test over");
        assertThat(other.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(RunOutcome.CANCELLED);
    }

    @Test
    void jsonOutputFieldsBecomeOutputs() {
        RunSpec spec = command(List.of("sh", "-c",
                        "printf '{\"energy\": -1.5, \"steps\": 42, \"label\": \"ok\", \"grid\": [1, 2]}' > result.json"),
                new OutputSpec(OutputSpec.JSON, "result.json", null));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs())
                .containsEntry("energy", -1.5)
                .containsEntry("steps", 42)
                .containsEntry("label", "ok")
                .containsEntry("grid", List.of(1, 2));
    }

    @Test
    void regexOutputTakesTheLastMatchAndTurnsNumbersIntoNumbers() {
        RunSpec spec = command(List.of("printf", "step 1 energy=-0.5 phase=warm\nstep 2 energy=-1.25e-3 phase=hot\n"),
                new OutputSpec(OutputSpec.REGEX, OutputSpec.STDOUT,
                        "step (?<step>\\d+) energy=(?<energy>\\S+) phase=(?<phase>\\w+)"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs())
                .containsEntry("step", 2L)
                .containsEntry("energy", -1.25e-3)
                .containsEntry("phase", "hot");
    }

    @Test
    void regexOverStderrFile() {
        RunSpec spec = command(List.of("sh", "-c", "echo 'residual 0.25' >&2"),
                new OutputSpec(OutputSpec.REGEX, OutputSpec.STDERR, "residual (?<residual>\\S+)"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outputs()).containsEntry("residual", 0.25);
    }

    @Test
    void missingJsonOutputFailsTheRun() {
        RunSpec spec = command(List.of("true"), new OutputSpec(OutputSpec.JSON, "result.json", null));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.exitCode()).isZero();
        assertThat(execution.error()).startsWith("output result.json: missing");
    }

    @Test
    void jsonOutputThatIsNotAnObjectFailsTheRun() {
        RunSpec spec = command(List.of("sh", "-c", "echo '[1, 2]' > result.json"),
                new OutputSpec(OutputSpec.JSON, "result.json", null));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).startsWith("output result.json: not a JSON object");
    }

    @Test
    void regexWithoutMatchFailsNamingThePattern() {
        RunSpec spec = command(List.of("echo", "nothing here"),
                new OutputSpec(OutputSpec.REGEX, OutputSpec.STDOUT, "energy=(?<energy>\\S+)"));

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("output stdout: pattern 'energy=(?<energy>\\S+)' did not match");
    }

    @Test
    void templateFileThatEscapesTheRunDirectoryIsRefused() {
        for (String name : List.of("../escape.txt", "sub/../../escape.txt", workDir.resolve("abs.txt").toString())) {
            RunSpec spec = new RunSpec(List.of("true"), false, null, Map.of(), Map.of(name, "x"), 0, List.of(),
                    "all");

            Execution execution = executor.execute(request(spec, Map.of()));

            assertThat(execution.outcome()).as(name).isEqualTo(RunOutcome.FAILED);
            assertThat(execution.error()).as(name)
                    .isEqualTo("spec.files '" + name + "' lies outside the run directory; use a relative path "
                            + "without '..'");
        }
        assertThat(workDir.resolve("study-1").resolve("escape.txt")).doesNotExist();
        assertThat(workDir.resolve("abs.txt")).doesNotExist();
    }

    @Test
    void unsafeRunIdIsRefused() {
        RunRequest request = request("../../etc", command(List.of("true")), Map.of());

        Execution execution = executor.execute(request);

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).startsWith("runId '../../etc' cannot name a directory");
    }

    @Test
    void placeholderWithoutValueFailsNamingTheField() {
        Execution execution = executor.execute(request(command(List.of("echo", "{{ missing }}")), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("spec.command[1]: placeholder {{ missing }} names no parameter");
    }

    @Test
    void programThatCannotStartFailsNamingIt() {
        Execution execution = executor.execute(request(command(List.of("no-such-program-rf")), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.exitCode()).isNull();
        assertThat(execution.error()).startsWith("cannot start program 'no-such-program-rf': ");
    }

    @Test
    void noopBuiltinSucceedsWithoutAProcessOrDirectory() {
        RunSpec spec = new RunSpec(List.of(), false, RunExecutor.BUILTIN_NOOP, Map.of(), Map.of(), 0, List.of(),
                "all");

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).isEmpty();
        assertThat(workDir.resolve("study-1")).doesNotExist();
    }

    @Test
    void keepNoneDeletesTheRunDirectoryAfterParsingOutputs() {
        RunSpec spec = new RunSpec(List.of("sh", "-c", "echo '{\"ok\": true}' > result.json"), false, null,
                Map.of(), Map.of(), 0, List.of(new OutputSpec(OutputSpec.JSON, "result.json", null)), "none");

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outputs()).containsEntry("ok", true);
        assertThat(runDirOf("run-a")).doesNotExist();
    }

    @Test
    void stopAllKillsRunningCommandsAndRefusesNewOnes() throws Exception {
        RunSpec spec = command(List.of("sh", "-c", "echo $$ > shell.pid; sleep 300"));
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> executor.execute(request(spec, Map.of())));
        Path pidFile = runDirOf("run-a").resolve("shell.pid");
        org.awaitility.Awaitility.await().until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);

        executor.stopAll("agent draining");

        Execution execution = running.get();
        assertThat(execution.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(execution.error()).isEqualTo("killed: agent draining");
        assertThat(executor.execute(request("run-b", spec, Map.of())).error())
                .isEqualTo("not started: agent draining");
    }

    @Test
    void cancelStopsTheWholeProcessTreeAndEndsTheRunCancelledWithTheReason() throws Exception {
        RunSpec spec = command(List.of("sh", "-c",
                "sleep 300 & echo $! > child.pid; echo $$ > shell.pid; sleep 300"));
        var running = CompletableFuture.supplyAsync(() -> executor.execute(request(spec, Map.of())));
        Path shellPidFile = runDirOf("run-a").resolve("shell.pid");
        Awaitility.await().until(() -> Files.exists(shellPidFile) && Files.size(shellPidFile) > 0);
        long shellPid = Long.parseLong(Files.readString(shellPidFile).trim());
        long childPid = Long.parseLong(Files.readString(runDirOf("run-a").resolve("child.pid")).trim());

        assertThat(executor.cancel(new RunRef("run-a", 2), "study cancelled")).isTrue();

        Execution execution = running.get(30, TimeUnit.SECONDS);
        assertThat(execution.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(execution.error()).isEqualTo("study cancelled");
        assertThat(execution.exitCode()).isNull();
        assertThat(Processes.isRunning(shellPid)).as("shell %d", shellPid).isFalse();
        assertThat(Processes.isRunning(childPid)).as("background child %d", childPid).isFalse();
        assertThat(executor.runningCount()).isZero();
    }

    @Test
    void cancelKillsAfterTheGraceWhatIgnoresSigterm() throws Exception {
        RunExecutor shortGrace = new RunExecutor(workDir, OutputParsers.standard(), 20, Duration.ofMillis(300));
        // an ignored signal stays ignored across exec: neither the shell nor its sleep ends on SIGTERM
        RunSpec spec = command(List.of("sh", "-c", "trap '' TERM; sleep 300 & echo $! > child.pid; sleep 300"));
        var running = CompletableFuture.supplyAsync(
                () -> shortGrace.execute(request(spec, Map.of())));
        Path childPidFile = runDirOf("run-a").resolve("child.pid");
        Awaitility.await().until(() -> Files.exists(childPidFile) && Files.size(childPidFile) > 0);
        long childPid = Long.parseLong(Files.readString(childPidFile).trim());

        shortGrace.cancel(new RunRef("run-a", 2), "run cancelled");

        Execution execution = running.get(30, TimeUnit.SECONDS);
        assertThat(execution.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(execution.error()).isEqualTo("run cancelled");
        assertThat(Processes.isRunning(childPid)).as("child %d that ignored SIGTERM", childPid).isFalse();
    }

    @Test
    void cancelOfAnAttemptThatIsNotExecutingChangesNothing() {
        assertThat(executor.cancel(new RunRef("run-a", 2), "run cancelled")).isFalse();
        Execution execution = executor.execute(request(command(List.of("true")), Map.of()));
        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    private Path runDirOf(String runId) {
        return workDir.resolve("study-1").resolve("7-" + runId + "-a2");
    }
}
