package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.rest.security.testing.TestTokens;
import io.runfleet.wire.Channels;
import io.runfleet.wire.KeptFile;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireMessage;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /studies/{id}/runs/{run}/files/{path}}: a kept file streamed from its run directory with its SHA-256,
 * a 1 GiB file among them (sparse, so it takes no disk space and reads at memory speed), and every refusal with
 * its reason.
 */
@QuarkusTest
class RunFilesTest {

    private static final Logger LOG = Logger.getLogger(RunFilesTest.class);
    private static final long GIB = 1L << 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    @Any
    InMemoryConnector connector;

    @TestHTTPResource("/")
    URL base;

    private Path runDir;
    private String study;

    @BeforeEach
    void createRunDirectory() throws IOException {
        runDir = Files.createTempDirectory("run-files");
        study = "files-" + UUID.randomUUID();
    }

    @AfterEach
    void deleteRunDirectory() throws IOException {
        try (var paths = Files.walk(runDir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void aOneGibFileOutputIsStreamedIntactWithItsSha256() throws Exception {
        String sha256 = sparseOutput("run-1", "field.bin", GIB);

        long started = System.nanoTime();
        HttpResponse<InputStream> response = get("/studies/" + study + "/runs/" + study + "-run-1/files/out/field.bin");
        Hashed received;
        try (InputStream body = response.body()) {
            received = hash(body);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("1 GiB kept file downloaded and hashed in %d ms", millis);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Runfleet-Sha256")).hasValue(sha256);
        assertThat(response.headers().firstValue("Digest")).hasValue("sha-256="
                + java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)));
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(GIB);
        assertThat(received.bytes).isEqualTo(GIB);
        assertThat(received.sha256).isEqualTo(sha256);
    }

    /**
     * A client that stops reading holds the server to what the socket buffers: while it pauses, the server's direct
     * memory stays flat instead of filling with the rest of the file. Costs about 3 s (a 128 MiB sparse file).
     */
    @Test
    void aSlowReaderGetsTheFileIntactWhileTheServerHoldsBoundedMemory() throws Exception {
        long size = 128L << 20;
        String sha256 = sparseOutput("run-1", "slow.bin", size);

        HttpResponse<InputStream> response = get("/studies/" + study + "/runs/" + study + "-run-1/files/out/slow.bin");
        Hashed received;
        long grown;
        try (InputStream body = response.body()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long read = readInto(digest, body, 8L << 20);
            long before = directMemoryBytes();
            Thread.sleep(1_000);
            grown = directMemoryBytes() - before;
            read += readInto(digest, body, Long.MAX_VALUE);
            received = new Hashed(read, HexFormat.of().formatHex(digest.digest()));
        }
        LOG.infof("direct memory grew by %d KiB while the client paused", grown >> 10);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(grown).as("direct memory grown while the client paused").isLessThan(16L << 20);
        assertThat(received).isEqualTo(new Hashed(size, sha256));
    }

    @Test
    void aLargeFileThatChangedAfterTheRunIsBrokenOffWhileItStreams() throws Exception {
        long size = (16L << 20) + 1;
        sparseOutput("run-1", "changed.bin", size);
        store("run-2", new KeptFiles(runDir.toString(), List.of(), 0), Map.of("field", Map.of("path",
                "out/changed.bin", "size", size, "sha256", "00".repeat(32))));

        HttpResponse<InputStream> response = get("/studies/" + study + "/runs/" + study
                + "-run-2/files/out/changed.bin");

        assertThat(response.statusCode()).as("the answer starts before the file is hashed").isEqualTo(200);
        try (InputStream body = response.body()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hash(body)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeptFileOfTheLatestAttemptIsServedAndEveryRefusalSaysWhy() throws Exception {
        Files.writeString(runDir.resolve("log.txt"), "converged\n");
        store("run-1", new KeptFiles(runDir.toString(), List.of(new KeptFile("log.txt", 10,
                "c0b7ba0d0e8e3bd9b4b0ba5b0c8d6e1a5e9c1ef0e2d8b1b6a43f9b3a6d1f0c11")), 0), Map.of());
        String sha256;
        try (InputStream in = Files.newInputStream(runDir.resolve("log.txt"))) {
            sha256 = hash(in).sha256;
        }
        store("run-2", new KeptFiles(runDir.toString(), List.of(new KeptFile("log.txt", 10, sha256)), 0), Map.of());
        store("run-3", new KeptFiles("/nonexistent/run-dir", List.of(new KeptFile("log.txt", 10, sha256)), 0),
                Map.of());

        HttpResponse<String> served = getText("/studies/" + study + "/runs/" + study + "-run-2/files/log.txt");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("converged\n");

        // dot segments the HTTP layer normalises away before routing leave the files route: no file is reached
        assertThat(getText("/studies/" + study + "/runs/" + study + "-run-2/files/%2E%2E/log.txt").statusCode()).isEqualTo(404);
        assertThat(getText("/studies/" + study + "/runs/" + study + "-run-2/files/out/%2E%2E/%2E%2E/log.txt").statusCode())
                .isEqualTo(404);
        for (String dotted : List.of("out/..%2F..%2Fx", "%2Fetc%2Fpasswd")) {
            HttpResponse<String> refused = getText("/studies/" + study + "/runs/" + study + "-run-2/files/" + dotted);
            assertThat(refused.statusCode()).as(dotted).isEqualTo(400);
            assertThat(refused.body()).contains("without . or .. segments");
        }
        HttpResponse<String> noRun = getText("/studies/" + study + "/runs/" + study + "-run-9/files/log.txt");
        assertThat(noRun.statusCode()).isEqualTo(404);
        assertThat(noRun.body()).contains("has no result of run " + study + "-run-9");
        HttpResponse<String> unlisted = getText("/studies/" + study + "/runs/" + study + "-run-2/files/other.txt");
        assertThat(unlisted.statusCode()).isEqualTo(404);
        assertThat(unlisted.body()).contains("kept no file other.txt");
        HttpResponse<String> elsewhere = getText("/studies/" + study + "/runs/" + study + "-run-3/files/log.txt");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("/nonexistent/run-dir").contains("is not readable from the results "
                + "service");
        // run-1's reference holds another SHA-256: the file is hashed while it is sent, and a small file's response
        // is still unsent when the mismatch shows (a large one's transfer is broken off instead)
        HttpResponse<String> tampered = getText("/studies/" + study + "/runs/" + study + "-run-1/files/log.txt");
        assertThat(tampered.statusCode()).as("a file that no longer matches its reference is not served")
                .isEqualTo(409);
        assertThat(tampered.body()).contains("log.txt no longer matches the SHA-256 its attempt reported");
    }

    private void store(String runId, KeptFiles kept, Map<String, Object> outputs) {
        Map<String, Object> params = Map.of("x", 1);
        // run ids are unique across studies, as the scheduler makes them
        RunResult result = new RunResult(WireMessage.SCHEMA_VERSION, study, study + "-" + runId, runId.hashCode() & 0xffff, 1,
                params, ParamHash.of(params), RunOutcome.SUCCEEDED, 0, outputs, null, null, "agent-1", "node-1",
                TestResults.START, TestResults.START.plusSeconds(1), null, null, kept);
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        await().atMost(Duration.ofSeconds(30)).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.ACKED);
    }

    private HttpResponse<InputStream> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<String> getText(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Authorization", TestTokens.bearer(TestTokens.READ)).timeout(Duration.ofMinutes(2)).build();
    }

    private record Hashed(long bytes, String sha256) {
    }

    /** A sparse file of {@code size} bytes under out/, stored as a file output of {@code runId}; answers its SHA-256. */
    private String sparseOutput(String runId, String name, long size) throws Exception {
        Path file = Files.createDirectories(runDir.resolve("out")).resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            out.seek(size - 4);
            out.write("end\n".getBytes());
        }
        String sha256;
        try (InputStream in = Files.newInputStream(file)) {
            sha256 = hash(in).sha256;
        }
        store(runId, new KeptFiles(runDir.toString(), List.of(), 0),
                Map.of("field", Map.of("path", "out/" + name, "size", size, "sha256", sha256)));
        return sha256;
    }

    /** Reads up to {@code limit} bytes into the digest; answers how many it read. */
    private static long readInto(MessageDigest digest, InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while (total < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
            digest.update(buffer, 0, read);
            total += read;
        }
        return total;
    }

    /** Netty's own count (when it allocates without the JDK's) plus the JDK's direct buffers. */
    private static long directMemoryBytes() {
        long jdk = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(pool -> pool.getName().equals("direct"))
                .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
        return Math.max(io.netty.util.internal.PlatformDependent.usedDirectMemory(), 0) + jdk;
    }

    private static Hashed hash(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long bytes = readInto(digest, in, Long.MAX_VALUE);
        return new Hashed(bytes, HexFormat.of().formatHex(digest.digest()));
    }
}
