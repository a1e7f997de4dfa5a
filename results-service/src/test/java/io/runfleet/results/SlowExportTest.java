package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.results.store.AttemptReader;
import io.runfleet.results.store.StoredAttempt;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports whose clients read slowly hold no pooled connection while they wait, so more of them than the pool has
 * connections leave the database to ingest; and paging lists every row exactly once, in order.
 */
@QuarkusTest
class SlowExportTest {

    private static final int RUNS = 1_234;
    /** More downloads than the pool's 16 connections (quarkus.datasource.jdbc.max-size). */
    private static final int DOWNLOADS = 20;

    // runs 0..RUNS-1 at attempt 1, every third run also at attempt 2: pages must split attempts of one run correctly
    private static final String INSERT_ATTEMPTS = "INSERT INTO results.attempt (run_id, attempt, study_id, seq, params,"
            + " param_hash, outcome, exit_code, outputs, agent_id, host, started_at, ended_at, received_at)"
            + " SELECT ? || '-run-' || g, t, ?, g, '{}', md5(g::text), 'SUCCEEDED', 0, '{}', 'agent-1', 'node-1',"
            + " now(), now(), now()"
            + " FROM generate_series(0, " + (RUNS - 1) + ") AS g, generate_series(1, 2) AS t"
            + " WHERE t = 1 OR g % 3 = 0";

    @Inject
    AttemptReader reader;

    @Inject
    Database database;

    String study;

    @BeforeEach
    void insertAStudy() {
        study = "slow-" + UUID.randomUUID();
        database.update(INSERT_ATTEMPTS, study, study);
    }

    @AfterEach
    void deleteIt() {
        database.update("DELETE FROM results.attempt WHERE study_id = ?", study);
    }

    @Test
    void slowDownloadsLeaveThePoolToIngest() throws Exception {
        CountDownLatch clientsRead = new CountDownLatch(1);
        CountDownLatch allStarted = new CountDownLatch(DOWNLOADS);
        List<List<StoredAttempt>> downloads = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(DOWNLOADS);
        try {
            for (int i = 0; i < DOWNLOADS; i++) {
                List<StoredAttempt> rows = new CopyOnWriteArrayList<>();
                downloads.add(rows);
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        reader.forEachLatestAttempt(study, attempt -> {
                            if (rows.isEmpty()) {
                                allStarted.countDown();
                                await(clientsRead); // a client that stops reading after its first row
                            }
                            rows.add(attempt);
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, clients));
            }
            assertThat(allStarted.await(60, TimeUnit.SECONDS)).as("every download has its first row").isTrue();

            // while all of them wait for their clients: a query and a write, as ingest makes them
            assertThat(database.count("SELECT count(*) FROM results.attempt WHERE study_id = ?", study))
                    .isEqualTo(RUNS + (RUNS + 2) / 3);
            assertThat(database.update("UPDATE results.attempt SET host = 'node-2' WHERE study_id = ? AND seq = 0",
                    study)).isEqualTo(2);

            clientsRead.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            clientsRead.countDown();
            clients.shutdownNow();
        }
        for (List<StoredAttempt> rows : downloads) {
            assertThat(rows).hasSize(RUNS);
            assertThat(rows).extracting(StoredAttempt::seq).isSorted().doesNotHaveDuplicates();
            assertThat(rows).filteredOn(row -> row.seq() % 3 == 0).extracting(StoredAttempt::attempt).containsOnly(2);
        }
    }

    @Test
    void theHistoryListsEveryAttemptOnceInOrderAcrossPages() throws Exception {
        List<StoredAttempt> rows = new ArrayList<>();

        reader.forEachAttempt(study, rows::add);

        assertThat(rows).hasSize(RUNS + (RUNS + 2) / 3);
        for (int i = 1; i < rows.size(); i++) {
            StoredAttempt before = rows.get(i - 1);
            StoredAttempt row = rows.get(i);
            assertThat(row.seq() > before.seq() || row.seq() == before.seq() && row.attempt() > before.attempt())
                    .as("row %d (seq %d, attempt %d) after seq %d, attempt %d", i, row.seq(), row.attempt(),
                            before.seq(), before.attempt()).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
