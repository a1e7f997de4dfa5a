package io.runfleet.results;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.rest.security.testing.TestTokens;
import io.runfleet.wire.Channels;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.SamplerPoint;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A study's events as sampler clients read them: numbered 1, 2, 3... per study in the transaction of their result,
 * served by the pull form and the event stream, and ended by {@code study.stopped}.
 */
@QuarkusTest
class StudyEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    Database database;

    @TestHTTPResource("/")
    URL base;

    @Test
    void numbersEachStudysEventsDenselyWhenStudiesInterleaveAndDuplicatesAreDelivered() {
        String a = "seq-a-" + UUID.randomUUID();
        String b = "seq-b-" + UUID.randomUUID();
        List<TrackedMessage> sent = List.of(
                deliver(TestResults.succeeded(a, a + "-1", 1, 1, Map.of("x", 1), Map.of())),
                deliver(TestResults.succeeded(b, b + "-1", 1, 1, Map.of("x", 1), Map.of())),
                deliver(TestResults.succeeded(a, a + "-2", 2, 1, Map.of("x", 2), Map.of())),
                deliver(TestResults.succeeded(a, a + "-1", 1, 1, Map.of("x", 1), Map.of())), // a duplicate delivery
                deliver(TestResults.succeeded(b, b + "-2", 2, 1, Map.of("x", 2), Map.of())),
                deliver(TestResults.succeeded(a, a + "-3", 3, 1, Map.of("x", 3), Map.of())));
        sent.forEach(StudyEventsTest::awaitAck);
        deliverAndAwaitAck(TestResults.succeeded(a, a + "-1", 1, 1, Map.of("x", 1), Map.of())); // again, later

        assertThat(database.studySeqs(a)).containsExactly(1L, 2L, 3L);
        assertThat(database.studySeqs(b)).containsExactly(1L, 2L);
        // each attempt's event has the number; the payload carries it too
        assertThat(database.count("SELECT COUNT(*) FROM results.outbox o WHERE o.study_id = ? AND o.payload LIKE"
                + " '%\"studySeq\":' || o.study_seq || ',%'", a)).isEqualTo(3);
    }

    @Test
    void aStudyNumberedBeforeARestartGoesOnFromTheDatabasesHighestNumber() {
        String study = "seq-restart-" + UUID.randomUUID();
        // events a previous life of the service wrote: this one's counter has never seen the study
        for (long seq = 1; seq <= 7; seq++) {
            database.update("INSERT INTO results.outbox (study_id, study_seq, event_type, payload, created_at, relayed_at)"
                    + " VALUES (?, ?, 'study.stopped', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", study, seq);
        }
        deliverAndAwaitAck(TestResults.succeeded(study, study + "-1", 1, 1, Map.of(), Map.of()));

        assertThat(database.studySeqs(study)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void thePullFormPagesThroughAStudysEventsAfterASeq() {
        String study = "pull-" + UUID.randomUUID();
        for (int seq = 1; seq <= 5; seq++) {
            deliverAndAwaitAck(samplerResult(study, seq));
        }

        JsonPath first = pull(study, "afterSeq=0&limit=2");
        assertThat(first.getString("studyId")).isEqualTo(study);
        assertThat(first.getList("events.studySeq", Integer.class)).containsExactly(1, 2);
        assertThat(first.getList("events.type", String.class)).containsOnly("run.completed");
        assertThat(first.getLong("lastSeq")).isEqualTo(2);
        assertThat(first.getBoolean("more")).isTrue();
        assertThat(first.getString("events[0].sampler.clientPointId")).isEqualTo("p-1");
        assertThat(first.getInt("events[0].params.x")).isEqualTo(1);

        JsonPath rest = pull(study, "afterSeq=2");
        assertThat(rest.getList("events.studySeq", Integer.class)).containsExactly(3, 4, 5);
        assertThat(rest.getList("events.runId", String.class)).containsExactly(study + "-3", study + "-4",
                study + "-5");
        assertThat(rest.getBoolean("more")).isFalse();

        JsonPath none = pull(study, "afterSeq=5&limit=10");
        assertThat(none.getList("events")).isEmpty();
        assertThat(none.getLong("lastSeq")).isEqualTo(5);
        assertThat(none.getBoolean("more")).isFalse();

        // the results table shows where each run came from in the sampler loop
        JsonPath table = given().when().get("/studies/{id}/results", study).then().statusCode(200).extract().jsonPath();
        assertThat(table.getString("[0]._client_point_id")).isEqualTo("p-1");
        assertThat(table.getInt("[0]._sampler_round")).isEqualTo(1);
    }

    @Test
    void thePullFormRefusesBadParametersNamingThemAndWantsAToken() throws Exception {
        given().queryParam("afterSeq", "last").when().get("/studies/s/results")
                .then().statusCode(400).body(containsString("'afterSeq'"));
        given().queryParam("afterSeq", "-1").when().get("/studies/s/results")
                .then().statusCode(400).body(containsString("'afterSeq'"));
        given().queryParam("afterSeq", "0").queryParam("limit", "10001").when().get("/studies/s/results")
                .then().statusCode(400).body(containsString("'limit'"), containsString("10000"));
        given().queryParam("afterSeq", "0").queryParam("limit", "0").when().get("/studies/s/results")
                .then().statusCode(400).body(containsString("'limit'"));
        given().queryParam("limit", "5").when().get("/studies/s/results")
                .then().statusCode(400).body(containsString("add afterSeq"));

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "studies/s/results?afterSeq=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aStudysStopIsItsNextEventOnceInTheOutboxTheStreamAndThePullForm() throws Exception {
        String study = "stopped-" + UUID.randomUUID();
        deliverAndAwaitAck(TestResults.succeeded(study, study + "-1", 1, 1, Map.of(), Map.of()));
        Instant stoppedAt = Instant.parse("2026-12-07T01:00:00Z");
        stopAndAwaitAck(new StudyStopped(WireMessage.SCHEMA_VERSION, study, "budget exhausted", stoppedAt));
        stopAndAwaitAck(new StudyStopped(WireMessage.SCHEMA_VERSION, study, "budget exhausted", stoppedAt)); // again
        deliverAndAwaitAck(TestResults.succeeded(study, study + "-2", 2, 1, Map.of(), Map.of())); // a late result

        assertThat(database.studySeqs(study)).containsExactly(1L, 2L, 3L);
        assertThat(database.count("SELECT COUNT(*) FROM results.outbox WHERE study_id = ?"
                + " AND event_type = 'study.stopped'", study)).isEqualTo(1);

        JsonPath page = pull(study, "afterSeq=1");
        assertThat(page.getList("events.type", String.class)).containsExactly("study.stopped", "run.completed");
        assertThat(page.getMap("events[0]")).containsOnlyKeys("type", "studyId", "studySeq", "reason", "stoppedAt");
        assertThat(page.getString("events[0].studyId")).isEqualTo(study);
        assertThat(page.getInt("events[0].studySeq")).isEqualTo(2);
        assertThat(page.getString("events[0].reason")).isEqualTo("budget exhausted");
        assertThat(page.getString("events[0].stoppedAt")).isEqualTo("2026-12-07T01:00:00Z");

        HttpRequest resume = HttpRequest.newBuilder(URI.create(base + "studies/" + study + "/events"))
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .header("Last-Event-ID", "1").build();
        try (EventStreamTest.SseCollector events = EventStreamTest.SseCollector.open(resume)) {
            await().atMost(PATIENCE).until(() -> events.events().size() >= 2);
            assertThat(events.events()).extracting(EventStreamTest.SseCollector.Event::id).containsExactly(2L, 3L);
            assertThat(events.events()).extracting(EventStreamTest.SseCollector.Event::name)
                    .containsExactly("study.stopped", "run-completed");
            assertThat(events.events().get(0).data()).contains("\"reason\":\"budget exhausted\"");
        }

        // broadcast to subscribers like run events, never relayed to the scheduler, which sent it
        await().atMost(PATIENCE).until(() -> broadcastsOf(study).stream().anyMatch(p -> p.contains("study.stopped")));
        await().atMost(PATIENCE).until(() -> database.count("SELECT COUNT(*) FROM results.outbox WHERE study_id = ?"
                + " AND relayed_at IS NULL", study) == 0);
        assertThat(connector.<byte[]>sink(Channels.RUN_COMPLETED).received().stream()
                .map(message -> new String(message.getPayload(), StandardCharsets.UTF_8))
                .filter(payload -> payload.contains(study))).noneMatch(payload -> payload.contains("study.stopped"));

        // a stop with another reason is a new event
        stopAndAwaitAck(new StudyStopped(WireMessage.SCHEMA_VERSION, study, "cancelled", null));
        assertThat(database.studySeqs(study)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aStopWithoutAReasonIsRefused() {
        TrackedMessage tracked = new TrackedMessage(WireCodec.encode(
                new StudyStopped(WireMessage.SCHEMA_VERSION, "no-reason", " ", null)));
        connector.source(Channels.STUDY_EVENTS).send(tracked.message);
        await().atMost(PATIENCE).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.NACKED);
        assertThat(tracked.nackReason).hasMessageContaining("'reason'");
    }

    private static RunResult samplerResult(String study, int seq) {
        Map<String, Object> params = Map.of("x", seq);
        return new RunResult(WireMessage.SCHEMA_VERSION, study, study + "-" + seq, seq, 1, params, ParamHash.of(params),
                RunOutcome.SUCCEEDED, 0, Map.of("y", seq * seq), null, null, "agent-1", "node-1", null, null, null,
                null, null, new SamplerPoint("p-" + seq, 1));
    }

    private static JsonPath pull(String study, String query) {
        return given().when().get("/studies/{id}/results?" + query, study)
                .then().statusCode(200).contentType(containsString("application/json")).extract().jsonPath();
    }

    private List<String> broadcastsOf(String study) {
        List<? extends Message<byte[]>> messages = List.copyOf(connector.<byte[]>sink(Channels.RUN_EVENTS).received());
        return messages.stream().map(message -> new String(message.getPayload(), StandardCharsets.UTF_8))
                .filter(payload -> payload.contains(study)).toList();
    }

    private TrackedMessage deliver(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        return tracked;
    }

    private void deliverAndAwaitAck(RunResult result) {
        awaitAck(deliver(result));
    }

    private void stopAndAwaitAck(StudyStopped stop) {
        TrackedMessage tracked = new TrackedMessage(WireCodec.encode(stop));
        connector.source(Channels.STUDY_EVENTS).send(tracked.message);
        awaitAck(tracked);
    }

    private static void awaitAck(TrackedMessage tracked) {
        await().atMost(PATIENCE).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.ACKED);
    }
}
