package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/runfleet run FILE}: a user's own study on this machine with nothing but Java, from the built jars. Each
 * test starts the CLI as a user would; the CLI starts and stops its own stack, whose processes it names on standard
 * error ({@code (pid N)}), so each test can prove none of them is left once it has exited.
 */
class RunCommandIT {

    /** Generous: a first use builds the embedded variant, then starts services and agents; it measures no speed. */
    private static final long RUN_TIMEOUT_SECONDS = 600;
    private static final Pattern STACK_PID = Pattern.compile("\\(pid (\\d+)");
    private static final Pattern STUDY_ID = Pattern.compile("submitted study (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Once per class: each test keeps its files apart below it, all left for a look after a failure. */
    private static final Path WORK = ItPaths.workDir(RunCommandIT.class);

    @Test
    void aStudyOfOurOwnRunsToTheEndWithItsTableAndExportsAndLeavesNothingRunning() throws Exception {
        Path data = WORK.resolve("own-study");
        Path csv = WORK.resolve("exports/arithmetic.csv");

        Finished run = runfleet("run-own", "run", "examples/arithmetic/study.yaml", "--data", data.toString(),
                "-o", csv.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        assertThat(tableRows(run.stdout())).as("table rows on standard output:%n%s", run.stdout()).hasSize(6);
        List<List<String>> rows = csvRows(csv);
        assertThat(rows).as("CSV %s: a header and a row per run", csv).hasSize(7);
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            long a = Long.parseLong(row.get(header.indexOf("a")));
            long b = Long.parseLong(row.get(header.indexOf("b")));
            assertThat(row.get(header.indexOf("sum"))).isEqualTo(String.valueOf(a + b));
            assertThat(row.get(header.indexOf("_state"))).isEqualTo("SUCCEEDED");
        }
        run.assertStackGone();

        // The study stays in the data directory: a second run goes on with it and exports it again, as JSON.
        Path json = WORK.resolve("exports/arithmetic.json");
        Finished again = runfleet("run-own-again", "run", "--resume", run.studyId(), "--data", data.toString(),
                "-o", json.toString());
        assertThat(again.exitCode()).as("exit code; stderr:%n%s", again.stderr()).isZero();
        assertThat(again.stderr()).contains("nothing to run").doesNotContain("started agent");
        List<JsonNode> exported = new ArrayList<>();
        JSON.readTree(json.toFile()).forEach(exported::add);
        assertThat(exported).hasSize(6).allSatisfy(row -> assertThat(row.path("product").asLong())
                .isEqualTo(row.path("a").asLong() * row.path("b").asLong()));
        again.assertStackGone(2);
    }

    @Test
    void failingRunsMakeTheExitNonZeroAndAreCountedByReason() throws Exception {
        Path study = WORK.resolve("odd-only.yaml");
        Files.writeString(study, """
                name: odd-only
                parameters: {grid: {x: [1, 2, 3, 4]}}
                template:
                  command: [sh, -c, 'if [ $(( {{ x }} % 2 )) -eq 0 ]; then echo "even x is refused" >&2; exit 3; fi; echo "{\\"y\\": {{ x }}}" > out.json']
                outputs: [{json: out.json}]
                policy: {retries: 0}
                """);

        Finished run = runfleet("run-failing", "run", study.toString(), "--data", WORK.resolve("failing").toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("2 of 4 runs succeeded, 2 failed")
                .contains("2 FAILED: exit code 3: even x is refused");
        assertThat(tableRows(run.stdout())).as("the table still shows every run").hasSize(4);
        run.assertStackGone();
    }

    @Test
    void aStudyTheSchedulerRefusesIsReportedWithEveryProblemAndNoAgentIsStarted() throws Exception {
        Path study = WORK.resolve("misspelt.yaml");
        Files.writeString(study, """
                name: misspelt
                parameters: {grid: {x: [1, 2]}}
                template: {comand: [echo, '{{ x }}']}
                """);

        Finished run = runfleet("run-refused", "run", study.toString(), "--data", WORK.resolve("refused").toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("the scheduler refused it (invalid study):")
                .contains("template.comand: unknown field 'comand'")
                .doesNotContain("started agent");
        run.assertStackGone(2);
    }

    @Test
    void aStudyWithALaunchSectionRunsOnTheAgentsTheSchedulerStartsAndNoneIsLeft() throws Exception {
        Path study = WORK.resolve("launched.yaml");
        Path data = WORK.resolve("launched");
        Files.writeString(study, """
                name: launched
                parameters: {grid: {x: [1, 2, 3]}}
                template:
                  command: [sh, -c, 'echo "{\\"y\\": {{ x }}}" > out.json']
                outputs: [{json: out.json}]
                launch: {local: {agents: 1, slots: 2}}
                """);

        Finished run = runfleet("run-launched", "run", study.toString(), "--data", data.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        assertThat(run.stderr()).contains("the scheduler start its agents").doesNotContain("started agent");
        assertThat(tableRows(run.stdout())).as("table rows on standard output:%n%s", run.stdout()).hasSize(3);
        run.assertStackGone(2);
        try (var logs = Files.list(data.resolve("logs").resolve("agents"))) {
            assertThat(logs.toList()).as("the agent the scheduler launched logged there").hasSize(1);
        }
        try (var pidFiles = Files.list(data.resolve("launch").resolve("local"))) {
            assertThat(pidFiles.toList()).as("pid files of launched agents still running").isEmpty();
        }
    }

    @Test
    void ctrlCCancelsTheStudyStopsTheStackAndResumeFinishesIt() throws Exception {
        Path data = WORK.resolve("interrupted");
        Path release = WORK.resolve("release-the-runs");
        Path study = WORK.resolve("held.yaml");
        // Each run waits until the test creates the release file: running when interrupted, quick once resumed.
        Files.writeString(study, """
                name: held
                parameters: {grid: {x: [1, 2]}}
                template:
                  command: [sh, -c, 'while [ ! -e %s ]; do sleep 0.2; done; echo "{\\"y\\": {{ x }}}" > out.json']
                outputs: [{json: out.json}]
                """.formatted(release));

        // In a session of its own, so that the SIGINT can go to its whole process group as a terminal's Ctrl-C does.
        Started started = start("run-interrupted", "setsid", "bin/runfleet", "run", study.toString(),
                "--data", data.toString(), "--agents", "1", "--slots", "2");
        started.awaitStderr(Pattern.compile("running 2"));
        HostCommand.run(List.of("kill", "-INT", "--", "-" + started.process().pid()), null);
        Finished interrupted = started.finish();

        assertThat(interrupted.exitCode()).as("exit code after SIGINT; stderr:%n%s", interrupted.stderr()).isEqualTo(130);
        assertThat(interrupted.stderr()).contains("interrupted: cancelling study " + interrupted.studyId())
                .doesNotContain("could not cancel")
                .contains("`runfleet run --resume");
        interrupted.assertStackGone();

        Files.createFile(release);
        Finished resumed = runfleet("run-resumed", "run", "--resume", "--data", data.toString());
        assertThat(resumed.exitCode()).as("exit code; stderr:%n%s", resumed.stderr()).isZero();
        assertThat(resumed.stderr()).contains("study " + interrupted.studyId() + " (held) resumed: 2 runs run again")
                .contains("2 of 2 runs succeeded");
        resumed.assertStackGone();
    }

    private Finished runfleet(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/runfleet"));
        command.addAll(List.of(args));
        return start(name, command.toArray(String[]::new)).finish();
    }

    /** Starts {@code command} in the repository root (where {@code bin/runfleet} is), its output kept in files. */
    private Started start(String name, String... command) throws IOException {
        Path stdout = WORK.resolve(name + ".out");
        Path stderr = WORK.resolve(name + ".err");
        Process process = new ProcessBuilder(List.of(command)).directory(ItPaths.root().toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new Started(process, stdout, stderr);
    }

    private record Started(Process process, Path stdout, Path stderr) {

        void awaitStderr(Pattern pattern) throws Exception {
            org.awaitility.Awaitility.await("standard error matching /" + pattern + "/")
                    .atMost(java.time.Duration.ofSeconds(RUN_TIMEOUT_SECONDS))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("runfleet exited with " + process.exitValue() + ":\n" + read(stderr));
                        }
                        return pattern.matcher(read(stderr)).find();
                    });
        }

        Finished finish() throws Exception {
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("runfleet did not end within " + RUN_TIMEOUT_SECONDS + " s:\n" + read(stderr));
            }
            return new Finished(process.exitValue(), read(stdout), read(stderr));
        }
    }

    private record Finished(int exitCode, String stdout, String stderr) {

        String studyId() {
            Matcher matcher = STUDY_ID.matcher(stderr);
            assertThat(matcher.find()).as("a submitted study on standard error:%n%s", stderr).isTrue();
            return matcher.group(1);
        }

        /** Both services and the agent the CLI started (it names each with its pid) have exited. */
        void assertStackGone() {
            assertStackGone(3);
        }

        void assertStackGone(int started) {
            List<Long> pids = new ArrayList<>();
            Matcher matcher = STACK_PID.matcher(stderr);
            while (matcher.find()) {
                pids.add(Long.parseLong(matcher.group(1)));
            }
            assertThat(pids).as("pids of the services and agents on standard error:%n%s", stderr).hasSize(started);
            assertThat(pids).as("processes of the stack still running after the CLI exited")
                    .noneMatch(ProcessLiveness::isRunning);
        }
    }

    /** The rows of the results table: the lines that end with a run's state. */
    private static List<String> tableRows(String stdout) {
        return stdout.lines().filter(line -> line.matches(".*\\b(SUCCEEDED|FAILED|TIMED_OUT|CANCELLED)\\b.*")).toList();
    }

    /**
     * The CSV's cells split at every comma: right for the columns read here (parameters, outputs, _state), which come
     * before the one quoted cell (_files) and hold no commas themselves.
     */
    private static List<List<String>> csvRows(Path csv) throws IOException {
        return Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
                .map(line -> List.of(line.split(",", -1))).toList();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
