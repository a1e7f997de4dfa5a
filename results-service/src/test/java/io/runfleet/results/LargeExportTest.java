package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.results.export.ParquetTable;
import io.runfleet.results.export.ResultColumns;
import io.runfleet.rest.security.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study of 200,000 runs exported in every format, each response read as a stream and counted. The
 * module's tests run with a small heap (surefire argLine in the pom), so an export that held the
 * table would run out of memory here. Timings and the heap used are logged, not asserted.
 */
@QuarkusTest
class LargeExportTest {

    private static final Logger LOG = Logger.getLogger(LargeExportTest.class);
    private static final int RUNS = 200_000;
    /** Every tenth run failed, with a reason and a stderr tail that need quoting in CSV. */
    private static final int FAILED_EVERY = 10;

    // One statement makes the rows in the database itself: quick, and none of them passes through this JVM.
    private static final String INSERT_RUNS = "INSERT INTO results.attempt (run_id, attempt, study_id, seq, params,"
            + " param_hash, outcome, exit_code, outputs, error, stderr_tail, agent_id, host, started_at, ended_at,"
            + " received_at)"
            + " SELECT ? || '-run-' || g, 1, ?, g, '{\"i\":' || g || ',\"mesh\":\"m' || (g % 7) || '\"}',"
            + " md5(g::text),"
            + " CASE WHEN g % " + FAILED_EVERY + " = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,"
            + " CASE WHEN g % " + FAILED_EVERY + " = 0 THEN 2 ELSE 0 END,"
            + " CASE WHEN g % " + FAILED_EVERY + " = 0 THEN '{}'"
            + " ELSE '{\"y\":' || (g * 2) || ',\"energy\":' || (g * 0.5 + 0.25) || ',\"ok\":true}' END,"
            + " CASE WHEN g % " + FAILED_EVERY + " = 0 THEN 'exit 2: \"bad\", giving up' END,"
            + " CASE WHEN g % " + FAILED_EVERY + " = 0 THEN 'line 1, fine' || chr(10) || 'line 2 \"bad\"' END,"
            + " 'agent-' || (g % 4), 'node-1', now(), now() + interval '1 second', now()"
            + " FROM generate_series(0, " + (RUNS - 1) + ") AS g";

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL service;

    @TempDir
    Path dir;

    String study;

    @BeforeEach
    void insertALargeStudy() throws SQLException {
        study = "large-" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_RUNS)) {
            insert.setString(1, study);
            insert.setString(2, study);
            assertThat(insert.executeUpdate()).isEqualTo(RUNS);
        }
        // What autovacuum does soon after a bulk insert; without statistics the planner takes the table for a few
        // rows and sorts the whole study for every page of the export.
        try (Connection connection = dataSource.getConnection();
             Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE results.attempt");
        }
    }

    @AfterEach
    void deleteIt() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM results.attempt WHERE study_id = ?")) {
            delete.setString(1, study);
            delete.executeUpdate();
        }
    }

    @Test
    void everyFormatStreamsEveryRow() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        long csvRecords = measured("csv", () -> {
            try (InputStream body = get(http, "csv")) {
                return countCsvRecords(body) - 1;
            }
        });
        long jsonLines = measured("jsonl", () -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(get(http, "jsonl"),
                    StandardCharsets.UTF_8))) {
                return lines.lines().count();
            }
        });
        long jsonElements = measured("json", () -> {
            try (InputStream body = get(http, "json")) {
                return countArrayElements(body);
            }
        });
        Path parquet = dir.resolve("large.parquet");
        measured("parquet", () -> {
            try (InputStream body = get(http, "parquet")) {
                return Files.copy(body, parquet);
            }
        });
        AtomicLong parquetRows = new AtomicLong();
        AtomicLong failedRows = new AtomicLong();
        var schema = ParquetTable.forEachRow(parquet, row -> {
            parquetRows.incrementAndGet();
            if (row.contains("FAILED")) {
                failedRows.incrementAndGet();
            }
        });
        LOG.infof("parquet file of %d runs: %d bytes", RUNS, Files.size(parquet));

        assertThat(csvRecords).isEqualTo(RUNS);
        assertThat(jsonLines).isEqualTo(RUNS);
        assertThat(jsonElements).isEqualTo(RUNS);
        assertThat(parquetRows.get()).isEqualTo(RUNS);
        assertThat(failedRows.get()).isEqualTo(RUNS / FAILED_EVERY);
        assertThat(schema.getFieldCount()).isEqualTo(2 + 3 + ResultColumns.BOOKKEEPING.size());
    }

    @FunctionalInterface
    private interface Export {
        long run() throws Exception;
    }

    /**
     * Runs an export while sampling the heap; logs the time taken and the most heap seen live (in use
     * right after a garbage collection), which is what the export keeps, as opposed to garbage.
     */
    private long measured(String format, Export export) throws Exception {
        System.gc();
        long before = liveHeap();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        long result;
        try {
            result = export.run();
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        LOG.infof("export of %d runs as %s: %d ms; live heap before %d MiB, at most %d MiB (max heap %d MiB)",
                RUNS, format, Duration.ofNanos(System.nanoTime() - started).toMillis(), before >> 20, peak.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        return result;
    }

    /** Heap in use after the most recent collection of each heap pool. */
    private static long liveHeap() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        return used;
    }

    private InputStream get(HttpClient http, String format) throws IOException, InterruptedException {
        URI uri = URI.create(service.toString()).resolve("studies/" + study + "/results?format=" + format);
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Counts CSV records (lines outside quotes) as the bytes arrive. */
    private static long countCsvRecords(InputStream body) throws IOException {
        long records = 0;
        boolean quoted = false;
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = body.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '"') {
                    quoted = !quoted;
                } else if (buffer[i] == '\n' && !quoted) {
                    records++;
                }
            }
        }
        return records;
    }

    private static long countArrayElements(InputStream body) throws IOException {
        long elements = 0;
        try (JsonParser json = new ObjectMapper().getFactory().createParser(body)) {
            assertThat(json.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_OBJECT) {
                json.skipChildren();
                elements++;
            }
        }
        return elements;
    }
}
