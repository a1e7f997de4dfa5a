package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.rabbitmq.DeadLetters;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.runfleet.wire.testing.RabbitMqBroker;

/** The results service with every channel on the RabbitMQ broker running here. */
@QuarkusTest
@TestProfile(RabbitMqProfile.class)
class ResultsRabbitMqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** AMQP delivery mode of a message the broker keeps on disk. */
    private static final int PERSISTENT = 2;

    @Inject
    Database database;

    private RabbitMqBroker broker;

    @BeforeEach
    void connect() {
        broker = RabbitMqBroker.connect();
    }

    @AfterEach
    void disconnect() throws Exception {
        broker.close();
    }

    @Test
    void storesAResultFromTheQueueAndPublishesItsEventUnderTheStudyRoutingKey() throws Exception {
        String study = "rmq-" + UUID.randomUUID();
        String events = broker.bindTemporaryQueue(RabbitMqProfile.EVENTS_EXCHANGE, "topic", "study." + study + ".#");
        String completions = broker.bindTemporaryQueue(RabbitMqProfile.RESULTS_EXCHANGE, "direct", "run-completed");
        RunResult result = TestResults.failed(study, study + "-run-1", 1, 1, Map.of("x", 1), 3, "boom");

        broker.publish(RabbitMqProfile.AGENT_EXCHANGE, "run-results", WireCodec.encode(result));

        await().atMost(PATIENCE).until(() -> database.attempts(study) == 1);
        AtomicReference<GetResponse> event = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(events).ifPresent(event::set);
            return event.get() != null;
        });
        assertThat(event.get().getEnvelope().getRoutingKey()).isEqualTo("study." + study + ".run.failed");
        RunCompleted completed = WireCodec.decode(event.get().getBody(), RunCompleted.class);
        assertThat(completed.runId()).isEqualTo(study + "-run-1");
        assertThat(completed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(event.get().getProps().getDeliveryMode()).as("run event persistent").isEqualTo(PERSISTENT);

        AtomicReference<GetResponse> completion = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(completions)
                    .filter(m -> WireCodec.decode(m.getBody(), RunCompleted.class).studyId().equals(study))
                    .ifPresent(completion::set);
            return completion.get() != null;
        });
        // persistent, a completion the broker confirmed outlives a broker restart in the scheduler's durable queue
        assertThat(completion.get().getProps().getDeliveryMode()).as("run-completed persistent").isEqualTo(PERSISTENT);
    }

    @Test
    void storesAStudysStopFromItsQueueOnceAndPublishesItUnderTheStoppedRoutingKey() throws Exception {
        String study = "rmq-stop-" + UUID.randomUUID();
        String events = broker.bindTemporaryQueue(RabbitMqProfile.EVENTS_EXCHANGE, "topic", "study." + study + ".#");
        byte[] stop = WireCodec.encode(new StudyStopped(WireMessage.SCHEMA_VERSION, study, "budget exhausted",
                Instant.parse("2026-12-07T01:00:00Z")));

        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "study-events", stop);
        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "study-events", stop); // resent: dropped

        AtomicReference<GetResponse> event = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(events).ifPresent(event::set);
            return event.get() != null;
        });
        assertThat(event.get().getEnvelope().getRoutingKey()).isEqualTo("study." + study + ".stopped");
        assertThat(new String(event.get().getBody(), StandardCharsets.UTF_8))
                .contains("\"type\":\"study.stopped\"", "\"studySeq\":1", "\"reason\":\"budget exhausted\"");
        // a stop with another reason, sent after the repeat, is the next event: the repeat took no number
        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "study-events", WireCodec.encode(
                new StudyStopped(WireMessage.SCHEMA_VERSION, study, "cancelled", null)));
        await().atMost(PATIENCE).until(() -> database.events(study) == 2);
        assertThat(database.studySeqs(study)).containsExactly(1L, 2L);
        assertThat(database.count("SELECT COUNT(*) FROM results.outbox WHERE study_id = ? AND payload LIKE"
                + " '%budget exhausted%'", study)).isEqualTo(1);
    }

    @Test
    void deadLettersAMalformedResultWithTheConsumersReason() throws Exception {
        String marker = "not json " + UUID.randomUUID();

        broker.publish(RabbitMqProfile.AGENT_EXCHANGE, "run-results", marker);

        AtomicReference<GetResponse> dead = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            Optional<GetResponse> next = broker.take(RabbitMqProfile.DEAD_LETTER_QUEUE);
            next.filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals(marker)).ifPresent(dead::set);
            return dead.get() != null;
        });
        Map<String, Object> headers = dead.get().getProps().getHeaders();
        assertThat(String.valueOf(headers.get(DeadLetters.REASON_HEADER))).startsWith("unreadable RunResult");
        assertThat(String.valueOf(headers.get(DeadLetters.QUEUE_HEADER))).isEqualTo(RabbitMqProfile.RESULTS_QUEUE);
    }
}
