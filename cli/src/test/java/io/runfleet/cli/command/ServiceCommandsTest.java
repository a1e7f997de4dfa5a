package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Main;
import io.runfleet.cli.launch.FreePorts;
import io.runfleet.wire.security.SecretFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands against a real HTTP server on loopback that answers the way the services'
 * contracts say, recording what the CLI sent.
 */
class ServiceCommandsTest {

    private record Recorded(String method, String path, String contentType, String body, String authorization) {
    }

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), sent,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            reply(exchange, status, body);
        });
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        String[] all = new String[args.length + 4];
        all[0] = "--scheduler";
        all[1] = url;
        all[2] = "--results";
        all[3] = url;
        System.arraycopy(args, 0, all, 4, args.length);
        return cli.execute(all);
    }

    @Test
    void submitSendsTheInlinedStudyAsJsonAndPrintsTheId() throws IOException {
        answer("/studies", 201, "{\"id\":\"0123456789ab\",\"name\":\"heat-rod\",\"state\":\"ACTIVE\",\"runs\":12}");
        Path study = Path.of("..", "examples", "heat", "study.yaml");

        int exit = run("submit", study.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).isEqualTo("0123456789ab");
        assertThat(err.toString()).contains("submitted study 0123456789ab (heat-rod, 12 runs)");
        Recorded post = requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.contentType()).isEqualTo("application/json");
        JsonNode sent = new ObjectMapper().readTree(post.body());
        assertThat(sent.path("template").has("directory")).isFalse();
        assertThat(sent.path("template").path("files").fieldNames()).toIterable().containsExactly("input.txt", "simulate.sh");
    }

    @Test
    void everyRequestCarriesTheStrongestTokenOfTheTokensFile() {
        answer("/studies/s1", 200, """
                {"id":"s1","name":"x","state":"COMPLETED","total":1,"counts":{"SUCCEEDED":1}}""");
        answer("/studies/s1/results", 200, "[]");
        Path tokens = dir.resolve("rest-tokens");
        SecretFiles.writePrivate(tokens, "read read " + "r".repeat(40) + "\nadmin admin " + "a".repeat(40) + "\n");

        assertThat(run("--token-file", tokens.toString(), "status", "s1")).isEqualTo(ExitCodes.OK);
        assertThat(run("--token-file", tokens.toString(), "results", "s1", "--format", "json", "-o",
                dir.resolve("r.json").toString())).isEqualTo(ExitCodes.OK);

        // status, then results: the study checked with the scheduler, then the download
        assertThat(requests).hasSize(3).allSatisfy(request ->
                assertThat(request.authorization()).isEqualTo("Bearer " + "a".repeat(40)));
    }

    @Test
    void a401SaysWhichTokenWasSentAndWhereToSetOne() {
        answer("/studies/s1", 401, "");
        Path tokens = dir.resolve("rest-tokens");
        SecretFiles.writePrivate(tokens, "mine read " + "m".repeat(40) + "\n");

        int exit = run("--token-file", tokens.toString(), "status", "s1");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("wants a valid token (401)").contains("the token 'mine' of " + tokens)
                .contains("RUNFLEET_TOKEN").doesNotContain("m".repeat(40));
    }

    @Test
    void submitPrintsEachProblemOfARefusedStudy() throws IOException {
        answer("/studies", 400, """
                {"error":"invalid study","problems":[{"field":"template.comand","message":"unknown field 'comand'"}]}""");
        Path study = Files.writeString(dir.resolve("s.yaml"), "name: x\ntemplate: {comand: [true]}\n");

        int exit = run("submit", study.toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("the scheduler refused it (invalid study):")
                .contains("  template.comand: unknown field 'comand'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void submitWatchFollowsTheStudyAndFailsWhenARunFailed() throws IOException {
        answer("/studies", 201, "{\"id\":\"s1\",\"name\":\"x\",\"state\":\"ACTIVE\",\"runs\":2}");
        answer("/studies/s1", 200, """
                {"id":"s1","name":"x","state":"COMPLETED","total":2,"counts":{"SUCCEEDED":1,"FAILED":1}}""");
        answer("/studies/s1/runs", 200, """
                [{"id":"r-2","seq":1,"state":"FAILED","attempt":2,"params":{"a":2},"exitCode":3,"error":"stderr: boom"}]""");
        Path study = Files.writeString(dir.resolve("s.yaml"), "name: x\n");

        int exit = run("submit", study.toString(), "--watch");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString().strip()).as("the id alone on standard output").isEqualTo("s1");
        assertThat(err.toString())
                .contains("[########################] 2/2  running 0  failed 1")
                .contains("study s1 COMPLETED: 1 of 2 runs succeeded, 1 failed")
                .contains("Run(id=r-2, seq=1, attempt=2) FAILED exit=3 params={\"a\":2}")
                .contains("stderr: boom");
        assertThat(requests).anyMatch(r -> r.path().equals("/studies/s1/runs?state=FAILED&limit=5"));
    }

    @Test
    void statusResultsAndCancel() throws IOException {
        answer("/studies/s1/results", 200, """
                [{"a":1,"sum":11,"_seq":0,"_state":"SUCCEEDED","_attempt":1},{"a":2,"sum":12,"_seq":1,"_state":"SUCCEEDED","_attempt":1}]""");
        answer("/studies/s1/cancel", 200, "{\"id\":\"s1\",\"name\":\"x\",\"state\":\"CANCELLED\",\"total\":2,"
                + "\"counts\":{\"SUCCEEDED\":1,\"CANCELLED\":1}}");
        answer("/studies", 200, "[{\"id\":\"s1\",\"name\":\"x\",\"state\":\"ACTIVE\",\"runs\":2}]");

        assertThat(run("results", "s1", "--format", "table")).isZero();
        assertThat(out.toString()).contains("_seq  a  sum  _state     _attempt").contains("   1  2   12  SUCCEEDED         1");
        Path file = dir.resolve("sub/r.json");
        assertThat(run("results", "s1", "--format", "json", "-o", file.toString())).isZero();
        assertThat(Files.readString(file)).contains("\"sum\":12");
        assertThat(requests).anyMatch(r -> r.path().equals("/studies/s1/results?format=json"));

        assertThat(run("cancel", "s1")).isZero();
        assertThat(err.toString()).contains("study s1 CANCELLED: 1 runs had succeeded, 1 cancelled");
        assertThat(requests).anyMatch(r -> r.method().equals("POST") && r.path().equals("/studies/s1/cancel"));

        assertThat(run("status")).isZero();
        assertThat(out.toString()).containsPattern("s1\\s+x\\s+ACTIVE\\s+2");
    }

    @Test
    void allocResumePostsAndAllocScriptPrintsTheScript() {
        answer("/studies/s1/launch/resume", 200, "{\"id\":\"s1\",\"state\":\"ACTIVE\",\"launch\":{\"kind\":\"slurm\","
                + "\"slurm\":{\"paused\":false,\"explanation\":\"waiting for the first look at squeue\"}}}");
        answer("/studies/s1/launch/script", 200, "{\"nodes\":1,\"script\":\"#!/bin/bash\\n#SBATCH --nodes=1\\n\"}");
        answer("/studies/s1", 200, "{\"id\":\"s1\",\"state\":\"ACTIVE\"}");

        assertThat(run("alloc", "resume", "s1")).isZero();
        assertThat(err.toString()).contains("study s1: submitting allocations resumed");
        assertThat(requests).anyMatch(r -> r.method().equals("POST") && r.path().equals("/studies/s1/launch/resume"));

        assertThat(run("alloc", "script", "s1")).isZero();
        assertThat(out.toString()).isEqualTo("#!/bin/bash\n#SBATCH --nodes=1\n");
    }

    @Test
    void allocPauseAndResumeOfAPoolPostToThePool() {
        answer("/pools/gpu/pause", 200, "{\"name\":\"gpu\",\"slurm\":{\"paused\":true,\"allocations\":[{}]}}");
        answer("/pools/gpu/resume", 200, "{\"name\":\"gpu\",\"slurm\":{\"paused\":false,"
                + "\"explanation\":\"paused by command\"}}");
        answer("/studies/gpu", 404, "{\"error\":\"no study 'gpu'\",\"problems\":[]}");

        assertThat(run("alloc", "pause", "gpu")).isZero();
        assertThat(err.toString()).contains("pool gpu: paused").contains("1 allocations serve on");
        assertThat(run("alloc", "resume", "gpu")).isZero();
        assertThat(err.toString()).contains("pool gpu: submitting allocations resumed (was: paused by command)");
        assertThat(requests).anyMatch(r -> r.method().equals("POST") && r.path().equals("/pools/gpu/pause"))
                .anyMatch(r -> r.method().equals("POST") && r.path().equals("/pools/gpu/resume"))
                .noneMatch(r -> r.path().equals("/studies/gpu/launch/resume"));
    }

    @Test
    void cancelOneRunPostsToTheRunAndReportsARefusal() {
        answer("/studies/s1/runs/r-1/cancel", 200, "{\"id\":\"r-1\",\"seq\":0,\"state\":\"CANCELLED\","
                + "\"attempt\":1,\"error\":\"run cancelled\"}");
        answer("/studies/s1/runs/r-2/cancel", 409, "{\"error\":\"run 'r-2' already ended as SUCCEEDED; only "
                + "PENDING, DISPATCHED, RUNNING or RETRYING runs can be cancelled\",\"problems\":[]}");

        assertThat(run("cancel", "s1", "--run", "r-1")).isZero();
        assertThat(err.toString()).contains("run r-1 of study s1 CANCELLED; the study goes on");
        assertThat(requests)
                .anyMatch(r -> r.method().equals("POST") && r.path().equals("/studies/s1/runs/r-1/cancel"));

        assertThat(run("cancel", "s1", "--run", "r-2")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("already ended as SUCCEEDED");

        assertThat(run("cancel", "s1", "--run", "../x")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--run: '../x' is not a run id");
        assertThat(requests).noneMatch(r -> r.path().contains(".."));
    }

    /**
     * A real process stopped by a signal while it watches (Ctrl-C sends SIGINT, this test SIGTERM: both run the
     * JVM's shutdown hooks): it says the study goes on and how to cancel or watch it.
     */
    @Test
    void stoppingSubmitWatchSaysTheStudyGoesOnAndHowToCancelIt() throws Exception {
        server.createContext("/studies", exchange -> reply(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 200,
                exchange.getRequestMethod().equals("POST") ? "{\"id\":\"s1\",\"name\":\"x\",\"runs\":4}"
                        : "{\"id\":\"s1\",\"name\":\"x\",\"state\":\"ACTIVE\",\"total\":4,\"counts\":{\"RUNNING\":2}}"));
        Path study = Files.writeString(dir.resolve("s.yaml"), "name: x\n");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--scheduler", "http://127.0.0.1:" + server.getAddress().getPort(), "--token-file",
                dir.resolve("none").toString(), "submit", study.toString(), "--watch")
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        try {
            // Bounded so that a CLI that shows no progress on standard error fails the test instead of hanging it.
            for (int polls = 0; !Files.readString(dir.resolve("stderr")).contains("running 2"); polls++) {
                assertThat(cli.isAlive() && polls < 600).as("the CLI watches, progress on standard error; stderr: %s",
                        Files.readString(dir.resolve("stderr"))).isTrue();
                Thread.sleep(100);
            }
            cli.destroy();
            assertThat(cli.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            cli.destroyForcibly();
        }

        assertThat(Files.readString(dir.resolve("stdout")).strip()).isEqualTo("s1");
        assertThat(Files.readString(dir.resolve("stderr")))
                .contains("runfleet: stopped watching; study s1 goes on.")
                .contains("cancel it:      runfleet cancel s1")
                .contains("watch it again: runfleet status s1 --watch");
    }

    @Test
    void statusWatchFollowsOneStudy() {
        answer("/studies/s1", 200, """
                {"id":"s1","name":"x","state":"COMPLETED","total":2,"counts":{"SUCCEEDED":2}}""");

        assertThat(run("status", "s1", "--watch")).isZero();

        assertThat(out.toString()).contains("state      COMPLETED");
        assertThat(err.toString()).contains("2/2").contains("study s1 COMPLETED: 2 of 2 runs succeeded");
        assertThat(run("status", "--watch")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--watch: follows one study; give its ID");
    }

    @Test
    void samplerPrintsTheLoopAndWithJsonTheAnswerAsItIs() {
        String status = """
                {"kind":"external","state":"OPEN","inFlight":4,"done":9,"failed":1,"cancelled":0,"created":14,\
                "capacity":0,"best":{"runId":"r7","clientPointId":"p7","params":{"x1":3.1,"x2":2.3},"value":0.41,\
                "objective":"f"},"budget":{"maxRuns":30,"runsLeft":16,"maxFailures":5,"failuresLeft":4,\
                "maxTime":null,"timeLeftSeconds":null},"stopReason":null}""";
        answer("/studies/s1/sampler", 200, status);

        assertThat(run("sampler", "s1")).isZero();
        assertThat(out.toString()).contains("sampler of study s1: OPEN (external)")
                .contains("best:    f = 0.41 at x1=3.1, x2=2.3 (point p7, run r7)");
        out.getBuffer().setLength(0);
        assertThat(run("sampler", "s1", "--json")).isZero();
        assertThat(out.toString()).isEqualTo(status + "\n");
    }

    @Test
    void watchingASamplerStudyShowsTheBestValueBesideTheBar() {
        answer("/studies/s1/sampler", 200, """
                {"kind":"external","state":"CLOSED","best":{"value":0.397887,"objective":"f"}}""");
        answer("/studies/s1", 200, """
                {"id":"s1","name":"x","state":"COMPLETED","total":2,"counts":{"SUCCEEDED":2}}""");
        answer("/studies/s2/sampler", 404, "{\"message\":\"study s2 has no sampler\"}");
        answer("/studies/s2", 200, """
                {"id":"s2","name":"x","state":"COMPLETED","total":2,"counts":{"SUCCEEDED":2}}""");

        assertThat(run("status", "s1", "--watch")).isZero();
        assertThat(err.toString()).contains("2/2  running 0  failed 0  0.0 runs/s  eta 0s  best f = 0.397887");
        err.getBuffer().setLength(0);
        assertThat(run("status", "s2", "--watch")).isZero();
        assertThat(err.toString()).contains("eta 0s").doesNotContain("best");
    }

    @Test
    void unreachableSchedulerExitsTwoWithAHint() {
        int port = FreePorts.pick(1)[0];
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--scheduler", "http://127.0.0.1:" + port, "status");

        assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString().strip())
                .isEqualTo("runfleet: cannot reach the scheduler at http://127.0.0.1:" + port + ": is it running?");
    }
}
