package io.runfleet.results.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.runfleet.results.TestResults;
import io.runfleet.results.config.ResultsConfig;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay on PostgreSQL, with events handed over in memory as the writer does. A database of its own, so that the
 * service's relay (running in the Quarkus tests) does not take its rows. Each event is stored with outputs
 * {@code via=store} and handed over with {@code via=memory}, so that what is received shows where it came from.
 */
class OutboxRelayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String BASE_URL = System.getProperty("%test.quarkus.datasource.jdbc.url",
            System.getenv().getOrDefault("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    private static final String USER = System.getenv().getOrDefault("TEST_DB_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("TEST_DB_PASSWORD", "");
    private static final String DATABASE = BASE_URL.substring(BASE_URL.lastIndexOf('/') + 1) + "_relay";
    private static final String URL = BASE_URL.substring(0, BASE_URL.lastIndexOf('/') + 1) + DATABASE;

    private static AgroalDataSource dataSource;

    private final OutboxSignals signals = new OutboxSignals();
    private final HeldEmitter completions = new HeldEmitter();
    private final HeldEmitter broadcasts = new HeldEmitter();
    private CommittedEvents committed;
    private OutboxRelay relay;

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        Flyway.configure().dataSource(URL, USER, PASSWORD).schemas("results").defaultSchema("results")
                .locations("classpath:db/migration").load().migrate();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(URL)
                                .principal(new NamePrincipal(USER)).credential(new SimplePassword(PASSWORD)))));
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void startRelay() throws SQLException {
        update("TRUNCATE results.outbox");
        startRelay(1000);
    }

    private void startRelay(int handOffCapacity) {
        committed = new CommittedEvents(handOffCapacity);
        relay = new OutboxRelay(new OutboxStore(dataSource), signals, committed, new TestRelayConfig(),
                completions, broadcasts);
        relay.start(null);
    }

    @AfterEach
    void stopRelay() throws InterruptedException {
        relay.stop(null);
    }

    @Test
    void sendsHandedOverEventsInIdOrderWithoutReadingThemBack() throws SQLException {
        List<Long> all = new ArrayList<>(catchUp());
        for (int batch = 0; batch < 5; batch++) {
            all.addAll(commitAndHandOver(20));
        }

        await().atMost(PATIENCE).until(() -> completions.eventIds().size() >= all.size());
        assertThat(completions.eventIds()).containsExactlyElementsOf(all);
        assertThat(completions.vias().subList(1, all.size())).containsOnly("memory");
        assertThat(broadcasts.eventIds()).containsExactlyElementsOf(all);
        await().atMost(PATIENCE).until(() -> relayedCount() == all.size());
    }

    @Test
    void readsAnIdThatWasNotHandedOverFromTheStore() throws SQLException {
        List<Long> expected = new ArrayList<>(catchUp());
        expected.addAll(commitAndHandOver(2));

        List<Long> notHandedOver = commit(2);
        expected.addAll(notHandedOver);
        expected.addAll(commitAndHandOver(3));

        await().atMost(PATIENCE).until(() -> completions.eventIds().size() >= expected.size());
        assertThat(completions.eventIds()).containsExactlyElementsOf(expected);
        assertThat(completions.vias().subList(1, 3)).containsOnly("memory");
        assertThat(completions.vias().subList(3, 5)).containsOnly("store");
        await().atMost(PATIENCE).until(() -> relayedCount() == expected.size());
    }

    @Test
    void resendsFromTheStoreAfterARefusal() throws SQLException {
        catchUp();
        completions.holdAcknowledgements();
        List<Long> eventIds = commitAndHandOver(5);
        await().atMost(PATIENCE).until(() -> completions.eventIds().size() == 6);
        assertThat(completions.vias().subList(1, 6)).containsOnly("memory");

        completions.settle(1, null);
        completions.settle(2, new IllegalStateException("scheduler busy"));
        for (int i = 3; i < 6; i++) {
            completions.settle(i, null);
        }

        // from the refused event on, read back from the store: the acknowledged ones may be marked by then and
        // skipped, the others are sent again (the scheduler drops duplicates by event id)
        await().atMost(PATIENCE).until(() -> completions.eventIds().size() > 6);
        assertThat(completions.eventIds().get(6)).isEqualTo(eventIds.get(1));
        assertThat(completions.vias().subList(6, completions.vias().size())).containsOnly("store");
        completions.acknowledgeAll();
        await().atMost(PATIENCE).until(() -> relayedCount() == 6);
        assertThat(completions.eventIds()).containsAll(eventIds);
    }

    @Test
    void losesNothingWhenTheHandOffOverflows() throws SQLException, InterruptedException {
        relay.stop(null);
        startRelay(4);

        List<Long> eventIds = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            eventIds.addAll(commitAndHandOver(30));
        }

        await().atMost(PATIENCE).until(() -> completions.eventIds().size() >= eventIds.size());
        assertThat(completions.eventIds()).containsExactlyElementsOf(eventIds);
        assertThat(completions.vias()).contains("store");
        await().atMost(PATIENCE).until(() -> relayedCount() == eventIds.size());
    }

    /**
     * Commits one event and waits until it is sent. A new relay reads the store first and its cursor is 0, while ids
     * go on from earlier tests: this event comes from the store, and brings the cursor to the writer's ids.
     */
    private List<Long> catchUp() throws SQLException {
        List<Long> first = commitAndHandOver(1);
        await().atMost(PATIENCE).until(() -> completions.eventIds().equals(first));
        return first;
    }

    /** Commits {@code count} events in one transaction, hands them over and signals, as the writer does. */
    private List<Long> commitAndHandOver(int count) throws SQLException {
        List<OutboxEvent> events = commitEvents(count);
        committed.handOver(events.stream().map(event -> new CommittedEvent(event.eventId(), () -> event)).toList());
        signals.eventsCommitted(Set.of(events.get(0).studyId()));
        return events.stream().map(OutboxEvent::eventId).toList();
    }

    /** Commits {@code count} events in one transaction without telling the relay, as another writer would. */
    private List<Long> commit(int count) throws SQLException {
        return commitEvents(count).stream().map(OutboxEvent::eventId).toList();
    }

    private List<OutboxEvent> commitEvents(int count) throws SQLException {
        String study = "study-" + UUID.randomUUID();
        List<OutboxEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO results.outbox"
                    + " (study_id, study_seq, event_type, payload, created_at) VALUES (?, ?, ?, ?, ?) RETURNING event_id")) {
                for (int seq = 1; seq <= count; seq++) {
                    insert.setString(1, study);
                    insert.setLong(2, seq);
                    insert.setString(3, RunCompleted.TYPE);
                    insert.setString(4, CompletionEvents.payloadOf(event(study, seq, "store")));
                    insert.setObject(5, OffsetDateTime.now());
                    try (ResultSet rows = insert.executeQuery()) {
                        rows.next();
                        events.add(CompletionEvents.committed(rows.getLong(1), seq, event(study, seq, "memory")));
                    }
                }
            }
            connection.commit();
        }
        return events;
    }

    private static RunCompleted event(String study, long seq, String via) {
        RunResult result = TestResults.succeeded(study, study + "-run-" + seq, seq, 1, Map.of("i", seq),
                Map.of("via", via));
        return CompletionEvents.eventOf(result, seq);
    }

    private long relayedCount() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM results.outbox WHERE relayed_at IS NOT NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void update(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Keeps what was sent; acknowledges at once, or when the test says. */
    private static final class HeldEmitter implements Emitter<byte[]> {

        private final List<Message<byte[]>> sent = new CopyOnWriteArrayList<>();
        private volatile boolean holding;

        void holdAcknowledgements() {
            holding = true;
        }

        /** Acks (reason null) or nacks the {@code index}th message sent. */
        void settle(int index, Exception reason) {
            Message<byte[]> message = sent.get(index);
            if (reason == null) {
                message.ack();
            } else {
                message.nack(reason);
            }
        }

        void acknowledgeAll() {
            holding = false;
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).ack();
            }
        }

        List<RunCompleted> events() {
            return sent.stream().map(message -> WireCodec.decode(message.getPayload(), RunCompleted.class)).toList();
        }

        List<Long> eventIds() {
            return events().stream().map(RunCompleted::eventId).toList();
        }

        List<Object> vias() {
            return events().stream().map(event -> event.outputs().get("via")).toList();
        }

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            throw new UnsupportedOperationException("the relay sends messages");
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            @SuppressWarnings("unchecked")
            Message<byte[]> kept = (Message<byte[]>) message;
            sent.add(kept);
            if (!holding) {
                kept.ack();
            }
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    /** A long safety-net poll, so that only a commit's signal or a refusal makes the relay look. */
    private static final class TestRelayConfig implements ResultsConfig.Relay {

        @Override
        public int batchSize() {
            return 500;
        }

        @Override
        public int maxInFlight() {
            return 256;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration retryDelay() {
            return Duration.ofMillis(200);
        }

        @Override
        public int handOffCapacity() {
            return 1000;
        }
    }
}
