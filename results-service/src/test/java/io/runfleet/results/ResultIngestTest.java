package io.runfleet.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.results.TrackedMessage.Settlement;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ResultIngestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    Database database;

    @Test
    void storesAResultOnceAndAcksADuplicateDeliveryWithoutChangingAnything() {
        String study = newStudy();
        RunResult result = TestResults.succeeded(study, study + "-run-1", 1, 1, Map.of("x", 1), Map.of("y", 2));

        TrackedMessage first = deliver(result);
        await().atMost(PATIENCE).until(first::isSettled);
        assertThat(first.settlement()).isEqualTo(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(1);
        assertThat(database.events(study)).isEqualTo(1);

        RunResult sameAttemptOtherContent = TestResults.failed(study, study + "-run-1", 1, 1, Map.of("x", 1), 9, "late copy");
        TrackedMessage duplicate = deliver(sameAttemptOtherContent);
        await().atMost(PATIENCE).until(duplicate::isSettled);

        assertThat(duplicate.settlement()).isEqualTo(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(1);
        assertThat(database.events(study)).isEqualTo(1);
        assertThat(database.count("SELECT COUNT(*) FROM results.attempt WHERE run_id = ? AND outcome = ?",
                study + "-run-1", RunOutcome.SUCCEEDED.name())).isEqualTo(1);
    }

    @Test
    void storesADuplicateWithinOneBatchOnce() {
        String study = newStudy();
        RunResult result = TestResults.succeeded(study, study + "-run-twice", 1, 1, Map.of("x", 1), Map.of());
        List<TrackedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(deliver(result));
        }

        await().atMost(PATIENCE).until(() -> messages.stream().allMatch(TrackedMessage::isSettled));
        assertThat(messages).extracting(TrackedMessage::settlement).containsOnly(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(1);
        assertThat(database.events(study)).isEqualTo(1);
    }

    @Test
    void relaysOneCompletionEventPerNewAttemptAndMarksItRelayedOnceAcked() {
        String study = newStudy();
        deliverAndAwaitAck(TestResults.failed(study, study + "-run-r", 1, 1, Map.of("x", 1), 3, "boom"));
        deliverAndAwaitAck(TestResults.succeeded(study, study + "-run-r", 1, 2, Map.of("x", 1), Map.of("y", 4)));
        deliverAndAwaitAck(TestResults.succeeded(study, study + "-run-r", 1, 2, Map.of("x", 1), Map.of("y", 4)));

        List<Long> eventIds = database.eventIds(study);
        assertThat(eventIds).hasSize(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(received(Channels.RUN_COMPLETED, study))
                .extracting(RunCompleted::eventId, RunCompleted::attempt, RunCompleted::outcome)
                .containsExactly(
                        tuple(eventIds.get(0), 1, RunOutcome.FAILED),
                        tuple(eventIds.get(1), 2, RunOutcome.SUCCEEDED)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(database.count(
                "SELECT COUNT(*) FROM results.outbox WHERE study_id = ? AND relayed_at IS NOT NULL", study))
                .isEqualTo(2));

        RunCompleted success = received(Channels.RUN_COMPLETED, study).get(1);
        assertThat(success.runId()).isEqualTo(study + "-run-r");
        assertThat(success.outputs()).containsEntry("y", 4);
        assertThat(success.endedAt()).isEqualTo(TestResults.START.plusMillis(1500));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(received(Channels.RUN_EVENTS, study))
                .extracting(RunCompleted::eventId).containsExactlyElementsOf(eventIds));
    }

    @Test
    void nacksAMalformedMessageAndGoesOn() {
        String study = newStudy();
        TrackedMessage garbage = new TrackedMessage("{not json".getBytes(StandardCharsets.UTF_8));
        source().send(garbage.message);
        TrackedMessage tooLongRunId = deliver(TestResults.succeeded(study, "r".repeat(300), 1, 1, Map.of(), Map.of()));
        TrackedMessage good = deliver(TestResults.succeeded(study, study + "-run-ok", 2, 1, Map.of("x", 1), Map.of()));

        await().atMost(PATIENCE).until(() -> garbage.isSettled() && tooLongRunId.isSettled() && good.isSettled());
        assertThat(garbage.settlement()).isEqualTo(Settlement.NACKED);
        assertThat(tooLongRunId.settlement()).isEqualTo(Settlement.NACKED);
        assertThat(tooLongRunId.nackReason).hasMessageContaining("runId");
        assertThat(good.settlement()).isEqualTo(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(1);
    }

    @Test
    void storesEveryOneOfTwoThousandResultsSubmittedAtOnce() {
        String study = newStudy();
        List<TrackedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            messages.add(deliver(TestResults.succeeded(study, study + "-run-" + i, i, 1,
                    Map.of("i", i), Map.of("square", (long) i * i))));
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> messages.stream().allMatch(TrackedMessage::isSettled));
        assertThat(messages).extracting(TrackedMessage::settlement).containsOnly(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(2000);
        assertThat(database.events(study)).isEqualTo(2000);
        assertThat(database.count("SELECT COUNT(DISTINCT event_id) FROM results.outbox WHERE study_id = ?", study))
                .isEqualTo(2000);
    }

    private String newStudy() {
        return "study-" + UUID.randomUUID();
    }

    private InMemorySource<Message<byte[]>> source() {
        return connector.source(Channels.RUN_RESULTS);
    }

    private TrackedMessage deliver(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        source().send(tracked.message);
        return tracked;
    }

    private void deliverAndAwaitAck(RunResult result) {
        TrackedMessage tracked = deliver(result);
        await().atMost(PATIENCE).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(Settlement.ACKED);
    }

    private List<RunCompleted> received(String channel, String study) {
        List<? extends Message<byte[]>> messages = List.copyOf(connector.<byte[]>sink(channel).received());
        return messages.stream()
                // the broadcast also carries other tests' study.stopped events, which are no RunCompleted
                .filter(message -> !new String(message.getPayload(), StandardCharsets.UTF_8).contains("study.stopped"))
                .map(message -> WireCodec.decode(message.getPayload(), RunCompleted.class))
                .filter(event -> event.studyId().equals(study))
                .toList();
    }
}
