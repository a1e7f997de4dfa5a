package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code bin/runfleet up}, {@code ps} and {@code down}: a local stack that outlives the command that started it. The
 * ordered tests share one stack (H2): up, a study submitted without flags, a crash of a service and an agent that
 * {@code up} repairs alone, down; then a port in use and a PostgreSQL stack, each on a data directory of its own.
 * Every pid a stack file ever named is checked gone at the end, and killed if a failed test left it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpDownIT {

    /** Generous: a first use may build the embedded variant; it measures no speed. */
    private static final long COMMAND_TIMEOUT_SECONDS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = ItPaths.workDir(UpDownIT.class);
    private static final Path DATA = WORK.resolve("data");
    private static final FreePorts PORTS = new FreePorts();
    private static final int PORT = freePortPair();
    /** Every pid a stack file named, for the final check and the clean-up. */
    private static final Set<Long> SEEN = new LinkedHashSet<>();
    private static final List<Path> DATA_DIRS = new ArrayList<>(List.of(DATA));

    @Test
    @Order(1)
    void upStartsTheServicesAndAgentsInTheBackgroundAndPsShowsThemRunning() throws Exception {
        Finished up = runfleet("up", Map.of(), "up", "--data", DATA.toString(), "--port", String.valueOf(PORT),
                "--agents", "2", "--slots", "1");

        assertThat(up.exitCode()).as("exit code of up; stderr:%n%s", up.stderr()).isZero();
        assertThat(up.stdout()).contains("http://127.0.0.1:" + PORT).contains("http://127.0.0.1:" + (PORT + 1))
                .contains("runfleet --data " + DATA + " submit").contains("runfleet down --data " + DATA);
        Map<String, Long> pids = recordedPids(DATA);
        assertThat(pids).containsOnlyKeys("results", "scheduler", "local-agent-1", "local-agent-2");
        assertThat(pids.values()).allMatch(ProcessLiveness::isRunning);

        Finished ps = runfleet("ps", Map.of(), "ps", "--data", DATA.toString());
        assertThat(ps.exitCode()).as("exit code of ps; stderr:%n%s", ps.stderr()).isZero();
        for (Map.Entry<String, Long> member : pids.entrySet()) {
            // the agents' RUNS cell is the scheduler's GET /agents answer: "?" would mean it did not answer
            assertThat(psRow(ps.stdout(), member.getKey()))
                    .as("ps row of %s:%n%s", member.getKey(), ps.stdout())
                    .startsWith(member.getKey(), String.valueOf(member.getValue()), "running")
                    .endsWith(member.getKey().startsWith("local-agent") ? "0" : "-");
        }
        assertThat(Files.readString(DATA.resolve("logs/scheduler.log"))).as("the scheduler's own log file")
                .contains("started in");
    }

    @Test
    @Order(2)
    void aStudySubmittedWithoutFlagsRunsOnTheStackAndItsResultsAreRead() throws Exception {
        Map<String, String> inDataDir = Map.of("RUNFLEET_DATA", DATA.toString());
        Finished submit = runfleet("submit", inDataDir, "submit", "examples/arithmetic/study.yaml", "--watch");
        assertThat(submit.exitCode()).as("exit code of submit --watch; stderr:%n%s", submit.stderr()).isZero();
        String studyId = submit.stdout().strip();

        Finished results = runfleet("results", inDataDir, "results", studyId, "--format", "json");
        assertThat(results.exitCode()).as("exit code of results; stderr:%n%s", results.stderr()).isZero();
        JsonNode rows = JSON.readTree(results.stdout());
        assertThat(rows).hasSize(6).allSatisfy(row -> {
            assertThat(row.path("_state").asText()).isEqualTo("SUCCEEDED");
            assertThat(row.path("sum").asLong()).isEqualTo(row.path("a").asLong() + row.path("b").asLong());
        });
    }

    @Test
    @Order(3)
    void afterAKillOfAServiceAndAnAgentPsSaysDeadAndUpRestartsOnlyThose() throws Exception {
        Map<String, Long> before = recordedPids(DATA);
        HostCommand.run(List.of("kill", "-9", String.valueOf(before.get("scheduler")),
                String.valueOf(before.get("local-agent-2"))), null);
        awaitGone(before.get("scheduler"));
        awaitGone(before.get("local-agent-2"));

        Finished ps = runfleet("ps-dead", Map.of(), "ps", "--data", DATA.toString());
        assertThat(ps.exitCode()).as("exit code of ps with a dead service; stdout:%n%s", ps.stdout()).isEqualTo(1);
        assertThat(psRow(ps.stdout(), "scheduler")).contains("dead");
        assertThat(psRow(ps.stdout(), "local-agent-2")).contains("dead");
        assertThat(psRow(ps.stdout(), "results")).contains("running");
        assertThat(ps.stderr()).contains("scheduler, local-agent-2 are dead").contains("`runfleet up --data " + DATA);

        Finished up = runfleet("up-again", Map.of(), "up", "--data", DATA.toString());
        assertThat(up.exitCode()).as("exit code of the second up; stderr:%n%s", up.stderr()).isZero();
        assertThat(up.stderr()).contains("started the scheduler").contains("started the agent local-agent-2")
                .doesNotContain("started the results service").doesNotContain("local-agent-1 (pid");
        Map<String, Long> after = recordedPids(DATA);
        assertThat(after.get("results")).isEqualTo(before.get("results"));
        assertThat(after.get("local-agent-1")).isEqualTo(before.get("local-agent-1"));
        assertThat(after.get("scheduler")).isNotEqualTo(before.get("scheduler"));
        assertThat(after.get("local-agent-2")).isNotEqualTo(before.get("local-agent-2"));
        assertThat(runfleet("ps-repaired", Map.of(), "ps", "--data", DATA.toString()).exitCode()).isZero();
    }

    @Test
    @Order(4)
    void downStopsEveryProcessOfTheStackAndSaysSoWhenNothingRuns() throws Exception {
        Map<String, Long> running = recordedPids(DATA);

        Finished down = runfleet("down", Map.of(), "down", "--data", DATA.toString());

        assertThat(down.exitCode()).as("exit code of down; stderr:%n%s", down.stderr()).isZero();
        assertThat(down.stderr().indexOf("stopping local-agent-1")).as("agents before services:%n%s", down.stderr())
                .isLessThan(down.stderr().indexOf("stopping scheduler"));
        assertThat(down.stderr().indexOf("stopping scheduler")).isLessThan(down.stderr().indexOf("stopping results"));
        assertThat(running.values()).as("processes the stack file named, after down")
                .noneMatch(ProcessLiveness::isRunning);
        assertThat(SEEN).as("every process a stack file ever named").noneMatch(ProcessLiveness::isRunning);
        assertThat(DATA.resolve("stack.json")).doesNotExist();

        Finished again = runfleet("down-again", Map.of(), "down", "--data", DATA.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr()).contains("no stack runs in " + DATA);
        assertThat(runfleet("ps-none", Map.of(), "ps", "--data", DATA.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aPortInUseIsRefusedNamingThePortOptionAndTheProcessAndNothingStarts() throws Exception {
        Path data = dataDir("port-in-use");
        int port = freePortPair();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Finished up = runfleet("up-port-in-use", Map.of(), "up", "--data", data.toString(), "--port",
                    String.valueOf(port));

            assertThat(up.exitCode()).as("exit code; stderr:%n%s", up.stderr()).isEqualTo(64);
            assertThat(up.stderr()).contains("--port: port " + port + " (the scheduler's) is in use")
                    .contains("pid " + ProcessHandle.current().pid()).doesNotContain("started the");
        }
        assertThat(data.resolve("stack.json")).as("no stack recorded").doesNotExist();
        assertThat(Files.exists(data.resolve("logs"))).as("no process started, so no log").isFalse();
    }

    @Test
    @Order(6)
    void aStackOnPostgresqlRunsAStudyAndStopsCleanly() throws Exception {
        Path data = dataDir("postgres");
        try (Database database = Database.createFresh()) {
            Map<String, String> environment = Map.of("RUNFLEET_DATA", data.toString(),
                    "RUNFLEET_POSTGRES", database.jdbcUrl(), "RUNFLEET_DB_USER", database.user(),
                    "RUNFLEET_DB_PASSWORD", database.password());
            Finished up = runfleet("up-postgres", environment, "up", "--port", String.valueOf(freePortPair()),
                    "--agents", "1", "--slots", "2");
            assertThat(up.exitCode()).as("exit code of up; stderr:%n%s", up.stderr()).isZero();
            assertThat(up.stdout()).contains("PostgreSQL " + database.jdbcUrl());
            recordedPids(data);

            Finished submit = runfleet("submit-postgres", environment, "submit", "examples/arithmetic/study.yaml",
                    "--watch");
            assertThat(submit.exitCode()).as("exit code of submit; stderr:%n%s", submit.stderr()).isZero();
            Finished results = runfleet("results-postgres", environment, "results", submit.stdout().strip(),
                    "--format", "json");
            assertThat(JSON.readTree(results.stdout())).hasSize(6);

            Finished down = runfleet("down-postgres", environment, "down");
            assertThat(down.exitCode()).as("exit code of down; stderr:%n%s", down.stderr()).isZero();
            assertThat(SEEN).noneMatch(ProcessLiveness::isRunning);
        }
    }

    @AfterAll
    static void leaveNothingRunning() throws Exception {
        for (Path data : DATA_DIRS) {
            if (Files.exists(data.resolve("stack.json"))) {
                runfleet("down-after-all-" + data.getFileName(), Map.of(), "down", "--data", data.toString());
            }
        }
        for (long pid : SEEN) {
            if (ProcessLiveness.isRunning(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Path dataDir(String name) {
        Path data = WORK.resolve(name);
        DATA_DIRS.add(data);
        return data;
    }

    /** The pids of the stack file, by member name; each is remembered for the final checks. */
    private static Map<String, Long> recordedPids(Path data) throws IOException {
        Map<String, Long> pids = new HashMap<>();
        JSON.readTree(data.resolve("stack.json").toFile()).path("members")
                .forEach(member -> pids.put(member.path("name").asText(), member.path("pid").asLong()));
        SEEN.addAll(pids.values());
        return pids;
    }

    /** The cells of the ps table's row for {@code name}. */
    private static List<String> psRow(String table, String name) {
        return table.lines().map(line -> List.of(line.trim().split("\\s+")))
                .filter(cells -> cells.get(0).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + table));
    }

    private static void awaitGone(long pid) {
        org.awaitility.Awaitility.await("pid " + pid + " gone after kill -9").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> !ProcessLiveness.isRunning(pid));
    }

    /** A loopback port whose next one up is free too: the scheduler's and the results service's. */
    private static int freePortPair() {
        for (int tries = 0; tries < 50; tries++) {
            int port = PORTS.next();
            if (port < 65_535 && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free loopback ports in a row");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code bin/runfleet ARGS} in the repository root, as a user would, with {@code environment} added. */
    private static Finished runfleet(String name, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/runfleet"));
        command.addAll(List.of(args));
        Path stdout = WORK.resolve(name + ".out");
        Path stderr = WORK.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ItPaths.root().toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the commands find the stack only through what each test gives them
        builder.environment().keySet().removeIf(key -> key.startsWith("RUNFLEET_") && !key.equals("RUNFLEET_HOME")
                && !key.equals("RUNFLEET_MAVEN_ARGS") && !key.equals("RUNFLEET_NO_BUILD"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runfleet " + String.join(" ", args) + " did not end within "
                    + COMMAND_TIMEOUT_SECONDS + " s:\n" + read(stderr));
        }
        return new Finished(process.exitValue(), read(stdout), read(stderr));
    }

    private record Finished(int exitCode, String stdout, String stderr) {
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
