package io.runfleet.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Main;
import io.runfleet.cli.launch.FreePorts;
import java.io.ByteArrayOutputStream;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `runfleet results` in every format against a real HTTP server on loopback playing the results service. */
class ResultsCommandTest {

    private record Request(String path, String accept) {
    }

    /** Every byte value, so that any re-encoding on the way would show. */
    private static final byte[] BINARY = allByteValues();

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** Standard output as the command writes exports to it: bytes. */
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

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

    @Test
    void parquetIsSavedByteForByte() throws IOException {
        answer("/studies/s1/results", 200, "application/vnd.apache.parquet", BINARY);
        Path file = dir.resolve("sub/s1.parquet");

        int exit = run(false, "results", "s1", "--format", "parquet", "-o", file.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(file)).isEqualTo(BINARY);
        assertThat(requests).containsExactly(new Request("/studies/s1/results?format=parquet",
                "application/vnd.apache.parquet"));
        assertThat(err.toString()).contains("wrote " + file);
        assertThat(leftovers()).containsExactly(file);
    }

    @Test
    void parquetGoesToARedirectedStandardOutputByteForByte() {
        answer("/studies/s1/results", 200, "application/vnd.apache.parquet", BINARY);

        assertThat(run(false, "results", "s1", "--format", "parquet")).isEqualTo(ExitCodes.OK);

        assertThat(stdout.toByteArray()).isEqualTo(BINARY);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void parquetIsRefusedOnATerminalWithoutOutputFile() {
        int exit = run(true, "results", "s1", "--format", "parquet");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("binary").contains("-o FILE")
                .contains("runfleet results s1 --format parquet > s1-results.parquet");
        assertThat(requests).isEmpty();
    }

    @Test
    void textFormatsArePassedThroughToStandardOutput() {
        String lines = "{\"a\":1,\"label\":\"größe µm\"}\n{\"a\":2,\"_error\":\"x,\\\"y\\\"\\nz\"}\n";
        String csv = "a,_error\r\n1,\r\n2,\"x,\"\"y\"\"\nz\"\r\n";
        answer("/studies/s1/results", 200, "application/x-ndjson", lines.getBytes(StandardCharsets.UTF_8));
        answer("/studies/s2/results", 200, "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(run(false, "results", "s1", "--format", "jsonl")).isEqualTo(ExitCodes.OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(lines);
        stdout.reset();
        assertThat(run(false, "results", "s2", "--format", "csv")).isEqualTo(ExitCodes.OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(requests).containsExactly(
                new Request("/studies/s1/results?format=jsonl", "application/x-ndjson"),
                new Request("/studies/s2/results?format=csv", "text/csv"));
    }

    @Test
    void aStageAsksForThatStagesRowsOnly() {
        String csv = "y,_stage\r\n10,refine\r\n";
        answer("/studies/s3/results", 200, "text/csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(run(false, "results", "s3", "--format", "csv", "--stage", "refine")).isEqualTo(ExitCodes.OK);

        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(requests).containsExactly(new Request("/studies/s3/results?format=csv&stage=refine", "text/csv"));
    }

    @Test
    void aRefusalLeavesNoFile() {
        answer("/studies/s1/results", 404, "application/json",
                "{\"error\":\"no such study\"}".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("s1.csv");

        int exit = run(false, "results", "s1", "--format", "csv", "-o", file.toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("runfleet: no such study");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDownloadBrokenOffHalfWayLeavesNoFile() {
        server.createContext("/studies/s1/results", exchange -> {
            exchange.sendResponseHeaders(200, BINARY.length * 4L);
            exchange.getResponseBody().write(BINARY);
            exchange.getResponseBody().flush();
            // The connection ends before the announced length: the client must not keep a truncated file.
            exchange.getHttpContext().getServer().stop(0);
        });
        Path file = dir.resolve("s1.parquet");

        int exit = run(false, "results", "s1", "--format", "parquet", "-o", file.toString());

        assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("broke off the download");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnreachableServiceExitsTwo() {
        int port = FreePorts.pick(1)[0];
        CommandLine cli = commandLine(false);

        int exit = cli.execute("--results", "http://127.0.0.1:" + port, "--scheduler",
                "http://127.0.0.1:" + server.getAddress().getPort(), "results", "s1", "--format", "jsonl");

        assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach the results service at http://127.0.0.1:" + port);
    }

    private void answer(String path, int status, String contentType, byte[] body) {
        server.createContext(path, exchange -> {
            requests.add(new Request(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Accept")));
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    /** The same server plays the scheduler, which knows studies s1 to s3 (s3 with a stage 'refine'). */
    private int run(boolean terminal, String... args) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        String[] all = new String[args.length + 4];
        all[0] = "--results";
        all[1] = url;
        all[2] = "--scheduler";
        all[3] = url;
        System.arraycopy(args, 0, all, 4, args.length);
        return commandLine(terminal).execute(all);
    }

    @BeforeEach
    void playTheScheduler() {
        server.createContext("/studies/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String known = "/studies/(s1|s2|s3)";
            byte[] body = path.matches(known) ? "{\"id\":\"s\",\"state\":\"ACTIVE\"}".getBytes(StandardCharsets.UTF_8)
                    : path.matches(known + "/document")
                    ? "{\"name\":\"x\",\"stages\":[{\"name\":\"refine\"}]}".getBytes(StandardCharsets.UTF_8)
                    : ("{\"error\":\"no study with id '" + path.split("/")[2] + "'; GET /studies lists the known ones\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(path.matches(known + "(/document)?") ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @Test
    void anUnknownStudyIsAnErrorInEveryFormat() {
        for (String format : List.of("csv", "json", "table")) {
            err.getBuffer().setLength(0);
            stdout.reset();

            assertThat(run(false, "results", "nope", "--format", format)).as(format).isEqualTo(ExitCodes.FAILED);

            assertThat(err.toString()).as(format)
                    .contains("runfleet: no study with id 'nope'; `runfleet status` lists the known ones");
            assertThat(stdout.toByteArray()).as(format).isEmpty();
        }
        assertThat(out.toString()).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnknownStageIsAnErrorNamingTheStages() {
        assertThat(run(false, "results", "s3", "--format", "csv", "--stage", "refin")).isEqualTo(ExitCodes.FAILED);

        assertThat(err.toString()).contains("runfleet: study s3 has no stage 'refin' (stages: main, refine)");
        assertThat(stdout.toByteArray()).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void aKnownStudyWithoutResultsSaysSoOnStandardError() {
        answer("/studies/s1/results", 200, "application/json", "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(run(false, "results", "s1", "--format", "table")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("study s1 has no results yet");
    }

    private CommandLine commandLine(boolean terminal) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ResultsCommand results = cli.getSubcommands().get("results").getCommand();
        results.standardOutputIsTerminal = () -> terminal;
        results.standardOutput = () -> stdout;
        return cli;
    }

    /** Every file under the test directory: the saved file, or nothing, and never a partial one. */
    private List<Path> leftovers() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
