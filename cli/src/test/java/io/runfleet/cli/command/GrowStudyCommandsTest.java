package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Main;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Dry runs, starting, extending, repeating, resuming and listing runs, against a real HTTP server on loopback
 * that answers as the scheduler's contract says; provenance with a real git repository.
 */
class GrowStudyCommandsTest {

    private record Recorded(String method, String path, Headers headers, String body) {
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
                    exchange.getRequestHeaders(), sent));
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
        String[] all = new String[args.length + 2];
        all[0] = "--scheduler";
        all[1] = url;
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.execute(all);
    }

    private Recorded request(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + method + " " + path + " among " + requests));
    }

    private Path study() throws IOException {
        return Files.writeString(dir.resolve("study.yaml"), """
                name: grid
                parameters: {grid: {a: [1, 2], b: [x y, z]}}
                template: {command: [sh, -c, 'echo {{ a }} > out'], files: {in.txt: "b={{ b }}"}}
                """);
    }

    @Test
    void dryRunShowsTheRunCountTheFirstParameterSetsAndRunZeroRendered() throws IOException {
        answer("/studies", 201, "{\"id\":\"s1\",\"name\":\"grid\",\"state\":\"DRY_RUN\",\"runs\":4}");
        answer("/studies/s1/runs", 200, """
                [{"id":"r0","seq":0,"state":"PENDING","attempt":0,"params":{"a":1,"b":"x y"}},
                 {"id":"r1","seq":1,"state":"PENDING","attempt":0,"params":{"a":1,"b":"z"}}]""");
        answer("/studies/s1/runs/0/rendered", 200, """
                {"studyId":"s1","runId":"r0","seq":0,"attempt":1,"params":{"a":1,"b":"x y"},"builtin":null,
                 "shell":false,"command":["sh","-c","echo 1 > out"],"environment":{"OMP_NUM_THREADS":"1"},
                 "files":{"in.txt":"b=x y\\nend\\n"},"runDir":"<agent-work-dir>/s1/0-r0-a1"}""");

        int exit = run("submit", study().toString(), "--dry-run");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).as("only the id on standard output").isEqualTo("s1");
        assertThat(request("POST", "/studies?dryRun=true").body()).contains("\"name\":\"grid\"");
        assertThat(request("GET", "/studies/s1/runs?limit=10").method()).isEqualTo("GET");
        assertThat(err.toString())
                .contains("dry run of study s1 (grid): 4 runs, none dispatched")
                .contains("the first 2 parameter sets:")
                .containsPattern("SEQ\\s+a\\s+b")
                .containsPattern("0\\s+1\\s+x y")
                .contains("run 0 as an agent would execute it (attempt 1):")
                .contains("  command      sh -c 'echo 1 > out'")
                .contains("  environment  OMP_NUM_THREADS=1")
                .contains("  run dir      <agent-work-dir>/s1/0-r0-a1")
                .contains("  file in.txt:\n    | b=x y\n    | end\n")
                .contains("start it with: runfleet start s1");
    }

    @Test
    void longInputFilesAreShownInPart() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int line = 1; line <= 25; line++) {
            content.append("line ").append(line).append('\n');
        }
        JsonNode rendered = new ObjectMapper().createObjectNode().put("builtin", (String) null)
                .put("runDir", "<agent-work-dir>/s/0-r-a1")
                .set("files", new ObjectMapper().createObjectNode().put("long.txt", content.toString()));

        String shown = io.runfleet.cli.table.DryRunView.renderedRun(rendered);

        assertThat(shown).contains("    | line 20\n    ... 5 more lines\n").doesNotContain("line 21");
    }

    @Test
    void aRunOfStepsShowsEachStepIndentedUnderTheRun() throws IOException {
        JsonNode rendered = new ObjectMapper().readTree("""
                {"builtin":null,"shell":false,"command":[],"environment":{"MODE":"fast"},"files":{},
                 "runDir":"<agent-work-dir>/s/0-r-a1","steps":[
                  {"name":"pre","when":"success","timeoutMillis":0,"builtin":null,"plugin":null,"options":{},
                   "shell":false,"command":["python3","mesh.py","3"],"environment":{}},
                  {"name":"simulate","when":"success","timeoutMillis":300000,"builtin":null,"plugin":null,
                   "options":{},"shell":true,"command":["sh","-c","./solver --n '3' > out.txt"],
                   "environment":{"N":"3"}},
                  {"name":"plot","when":"success","timeoutMillis":0,"builtin":null,"plugin":"matplotlib.plot",
                   "options":{"format":"png","dpi":100,"title":"n = 3"},"shell":false,"command":[],
                   "environment":{}},
                  {"name":"post","when":"always","timeoutMillis":1500,"builtin":"noop","plugin":null,"options":{},
                   "shell":false,"command":[],"environment":{}}]}""");

        String shown = io.runfleet.cli.table.DryRunView.renderedRun(rendered);

        assertThat(shown).isEqualTo("""
                  step pre
                    command      python3 mesh.py 3
                  step simulate (timeout 5m)
                    command      sh -c './solver --n '\\''3'\\'' > out.txt'
                    environment  N=3
                  step plot
                    plugin       matplotlib.plot
                    option       format=png
                    option       dpi=100
                    option       title='n = 3'
                  step post (when always, timeout 1500ms)
                    builtin      noop
                  environment  MODE=fast
                  run dir      <agent-work-dir>/s/0-r-a1
                """);
    }

    @Test
    void aShortFormRunWithoutStepsShowsItsCommandAsBefore() throws IOException {
        JsonNode rendered = new ObjectMapper().readTree("""
                {"builtin":null,"shell":false,"command":["echo","a b"],"environment":{"X":"1"},"files":{},
                 "runDir":"<agent-work-dir>/s/0-r-a1","steps":[]}""");

        assertThat(io.runfleet.cli.table.DryRunView.renderedRun(rendered)).isEqualTo("""
                  command      echo 'a b'
                  environment  X=1
                  run dir      <agent-work-dir>/s/0-r-a1
                """);
    }

    @Test
    void aDryRunWhoseRunCannotBeRenderedSaysWhyAndFails() throws IOException {
        answer("/studies", 201, "{\"id\":\"s2\",\"name\":\"grid\",\"state\":\"DRY_RUN\",\"runs\":1}");
        answer("/studies/s2/runs", 200, "[{\"seq\":0,\"params\":{\"a\":\"abc\"}}]");
        answer("/studies/s2/runs/0/rendered", 422, "{\"error\":\"run 0 of study 's2' cannot be rendered: "
                + "spec.command[1]: format '%d' does not fit the value abc\",\"problems\":[]}");

        answer("/studies/s2/cancel", 200, "{\"id\":\"s2\",\"state\":\"CANCELLED\"}");

        int exit = run("submit", study().toString(), "--dry-run");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString()).as("no id of a study that cannot run").isEmpty();
        assertThat(err.toString()).contains("run 0 cannot be rendered: the scheduler answered HTTP 422")
                .contains("format '%d' does not fit the value abc")
                .contains("the dry run is discarded (study s2 cancelled): fix the study and submit it again")
                .doesNotContain("start it with");
        assertThat(request("POST", "/studies/s2/cancel")).isNotNull();
    }

    @Test
    void dryRunAndWatchDoNotGoTogether() throws IOException {
        int exit = run("submit", study().toString(), "--dry-run", "--watch");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--watch: a dry run runs nothing to follow")
                .contains("runfleet start ID --watch");
        assertThat(requests).isEmpty();
    }

    @Test
    void startResumeRepeatAndExtendPostToTheirEndpoints() throws IOException {
        answer("/studies/s1/start", 200, "{\"id\":\"s1\",\"name\":\"grid\",\"state\":\"ACTIVE\",\"total\":4,"
                + "\"counts\":{\"PENDING\":4}}");
        answer("/studies/s1/resume", 200, "{\"id\":\"s1\",\"state\":\"ACTIVE\",\"resumed\":3}");
        answer("/studies/s1/repeat", 200,
                "{\"id\":\"s1\",\"state\":\"ACTIVE\",\"added\":8,\"skipped\":0,\"firstSeq\":4,\"total\":12}");
        answer("/studies/s1/extend", 200,
                "{\"id\":\"s1\",\"state\":\"ACTIVE\",\"added\":1,\"skipped\":1,\"firstSeq\":12,\"total\":13}");
        Files.writeString(dir.resolve("more.csv"), "a,b\n1,x y\n3,w\n");
        Path more = Files.writeString(dir.resolve("more.yaml"), "parameters: {csvFile: more.csv}\n");

        assertThat(run("start", "s1")).isZero();
        assertThat(run("resume", "s1")).isZero();
        assertThat(run("repeat", "s1", "--times", "2")).isZero();
        assertThat(run("extend", "s1", more.toString(), "--skip-duplicates")).isZero();

        assertThat(out.toString()).as("standard output holds no messages").isEmpty();
        assertThat(err.toString())
                .contains("study s1 started: ACTIVE, 4 runs")
                .contains("study s1 resumed: 3 runs pending again; ACTIVE")
                .contains("study s1 repeated: 8 runs added (seq 4 to 11); ACTIVE, 12 runs in all")
                .contains("study s1 extended: 1 run added (seq 12), 1 skipped as already succeeded; ACTIVE, "
                        + "13 runs in all");
        request("POST", "/studies/s1/start");
        request("POST", "/studies/s1/resume");
        request("POST", "/studies/s1/repeat?times=2");
        Recorded extend = request("POST", "/studies/s1/extend?skipDuplicates=true");
        JsonNode sent = new ObjectMapper().readTree(extend.body());
        assertThat(sent.path("parameters").path("csv").asText()).as("the CSV file inlined")
                .isEqualTo("a,b\n1,x y\n3,w\n");
        assertThat(sent.path("parameters").has("csvFile")).isFalse();
    }

    @Test
    void badCountsAreRefusedBeforeAnyRequest() {
        assertThat(run("repeat", "s1", "--times", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--times: 0 is too small; give 1 or more");
        assertThat(run("runs", "s1", "--limit", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--limit: 0 is too small");
        assertThat(run("resume", "../x")).isEqualTo(ExitCodes.USAGE);
        assertThat(requests).isEmpty();
    }

    @Test
    void runsListsStateAttemptAgentAndTheReasonOfFailedRuns() {
        answer("/studies/s1/runs", 200, """
                [{"id":"r1","seq":1,"state":"FAILED","attempt":3,"params":{"a":2},"exitCode":3,
                  "error":"exit code 3; stderr: boom","agentId":"agent-a","repetition":0},
                 {"id":"r5","seq":5,"state":"TIMED_OUT","attempt":1,"params":{"a":6},"exitCode":null,
                  "error":"timed out after 2s; killed 2 processes","agentId":"agent-b","repetition":1}]""");

        int exit = run("runs", "s1", "--state", "failed", "--limit", "5");

        assertThat(exit).isZero();
        assertThat(request("GET", "/studies/s1/runs?state=FAILED&limit=5&afterSeq=-1").method()).isEqualTo("GET");
        assertThat(out.toString())
                .containsPattern("SEQ\\s+RUN_ID\\s+STATE\\s+ATTEMPT\\s+REPETITION\\s+AGENT\\s+PARAMS\\s+REASON")
                .containsPattern("1\\s+r1\\s+FAILED\\s+3\\s+0\\s+agent-a\\s+\\{\"a\":2}\\s+exit code 3; stderr: boom")
                .containsPattern("5\\s+r5\\s+TIMED_OUT\\s+1\\s+1\\s+agent-b\\s+\\{\"a\":6}\\s+timed out after 2s")
                .doesNotContain("--limit N shows more");
    }

    @Test
    void runsPagesThroughMoreThanOnePage() {
        StringBuilder page = new StringBuilder("[");
        for (int seq = 0; seq < 10_000; seq++) {
            page.append(seq == 0 ? "" : ",").append("{\"seq\":").append(seq).append(",\"state\":\"SUCCEEDED\"}");
        }
        answer("/studies/s1/runs", 200, page.append(']').toString());

        assertThat(run("runs", "s1", "--limit", "10001")).isZero();

        assertThat(requests).extracting(Recorded::path).containsExactly(
                "/studies/s1/runs?limit=10000&afterSeq=-1", "/studies/s1/runs?limit=1&afterSeq=9999");
    }

    private static String git(Path repository, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString(),
                "-c", "user.name=Runfleet Test", "-c", "user.email=test@runfleet.invalid", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", arguments, output).isZero();
        return output.strip();
    }

    @Test
    void submitSendsTheCommitAndDirtyFlagOfTheStudysGitWorkTree() throws Exception {
        answer("/studies", 201, "{\"id\":\"s1\",\"name\":\"grid\",\"state\":\"ACTIVE\",\"runs\":4}");
        Path repository = Files.createDirectories(dir.resolve("repo"));
        git(repository, "init", "-q");
        Path studyFile = Files.writeString(repository.resolve("study.yaml"), Files.readString(study()));
        git(repository, "add", "study.yaml");
        git(repository, "commit", "-q", "-m", "study");
        String head = git(repository, "rev-parse", "HEAD");

        assertThat(run("submit", studyFile.toString())).isZero();
        Headers clean = requests.get(0).headers();
        assertThat(clean.getFirst("Runfleet-Source-Commit")).isEqualTo(head);
        assertThat(clean.getFirst("Runfleet-Source-Dirty")).isEqualTo("false");
        assertThat(clean.getFirst("Runfleet-Client-Directory"))
                .isEqualTo(System.getProperty("user.dir").replace("%", "%25").replace(" ", "%20"));
        assertThat(clean.getFirst("Runfleet-Client-User")).isNotBlank();

        Files.writeString(repository.resolve("notes.txt"), "not committed\n");
        assertThat(run("submit", studyFile.toString())).isZero();
        Headers dirty = requests.get(1).headers();
        assertThat(dirty.getFirst("Runfleet-Source-Commit")).isEqualTo(head);
        assertThat(dirty.getFirst("Runfleet-Source-Dirty")).isEqualTo("true");
    }

    @Test
    void outsideAGitWorkTreeNoCommitIsSentAndNothingFails() throws Exception {
        answer("/studies", 201, "{\"id\":\"s1\",\"name\":\"grid\",\"state\":\"ACTIVE\",\"runs\":4}");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path studyFile = Files.writeString(plain.resolve("study.yaml"), Files.readString(study()));

        assertThat(run("submit", studyFile.toString())).isZero();

        Headers headers = requests.get(0).headers();
        assertThat(headers.containsKey("Runfleet-Source-Commit")).isFalse();
        assertThat(headers.containsKey("Runfleet-Source-Dirty")).isFalse();
        assertThat(headers.getFirst("Runfleet-Client-User")).isNotBlank();
        assertThat(out.toString().strip()).isEqualTo("s1");
    }

    @Test
    void statusShowsWhereTheSubmissionCameFrom() {
        answer("/studies/s1", 200, """
                {"id":"s1","name":"grid","state":"COMPLETED","total":4,"counts":{"SUCCEEDED":4},
                 "documentSha256":"ab12","provenance":{"commit":"0123456789abcdef0123456789abcdef01234567",
                 "dirty":true,"directory":"/home/jörg/work","user":"jörg"}}""");

        assertThat(run("status", "s1")).isZero();

        assertThat(out.toString())
                .contains("\nsubmitted\n")
                .contains("  document   sha256 ab12\n")
                .contains("  commit     0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)\n")
                .contains("  directory  /home/jörg/work\n")
                .contains("  user       jörg\n");
    }
}
