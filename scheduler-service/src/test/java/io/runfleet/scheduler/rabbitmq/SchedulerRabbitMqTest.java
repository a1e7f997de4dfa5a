package io.runfleet.scheduler.rabbitmq;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.rabbitmq.DeadLetters;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.runfleet.wire.testing.RabbitMqBroker;

/**
 * The scheduler with every channel on the RabbitMQ broker running here: this test plays an agent and the
 * results service with the plain AMQP client.
 */
@QuarkusTest
@TestProfile(RabbitMqProfile.class)
class SchedulerRabbitMqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    void publishesARunRequestAndAppliesAClaimAndACompletionFromTheirQueues() throws Exception {
        String requests = broker.bindTemporaryQueue(RabbitMqProfile.SCHEDULER_EXCHANGE, "direct", "run-requests");
        String studyId = given().contentType("application/yaml")
                .body("name: rmq-one\ntemplate: {builtin: noop}\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/studies").then().statusCode(201).extract().path("id");

        GetResponse message = awaitRequestMessage(requests, studyId);
        // persistent, a request the broker confirmed outlives a broker restart in a queue of any type
        assertThat(message.getProps().getDeliveryMode()).as("delivery mode").isEqualTo(2);
        RunRequest request = WireCodec.decode(message.getBody(), RunRequest.class);
        assertThat(request.attempt()).isEqualTo(1);

        broker.publish(RabbitMqProfile.AGENT_EXCHANGE, "agent-reports", WireCodec.encode(new AgentReport(
                WireMessage.SCHEMA_VERSION, AgentReport.Kind.STARTED, "agent-rmq", "node-rmq", Instant.now(),
                List.of(request.ref()), null)));
        awaitState(studyId, "RUNNING");

        broker.publish(RabbitMqProfile.RESULTS_EXCHANGE, "run-completed", WireCodec.encode(new RunCompleted(
                WireMessage.SCHEMA_VERSION, System.nanoTime(), studyId, request.runId(), request.seq(),
                request.attempt(), RunOutcome.SUCCEEDED, 0, Map.of(), null, "agent-rmq", "node-rmq",
                Instant.now(), Instant.now())));
        awaitState(studyId, "SUCCEEDED");
    }

    @Test
    void aStudyCancelIsBroadcastOnTheControlExchange() throws Exception {
        String requests = broker.bindTemporaryQueue(RabbitMqProfile.SCHEDULER_EXCHANGE, "direct", "run-requests");
        String control = broker.bindTemporaryQueue(RabbitMqProfile.CONTROL_EXCHANGE, "fanout", "");
        String studyId = given().contentType("application/yaml")
                .body("name: rmq-cancel\ntemplate: {builtin: noop}\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/studies").then().statusCode(201).extract().path("id");
        RunRequest request = awaitRequest(requests, studyId);

        given().when().post("/studies/" + studyId + "/cancel").then().statusCode(200);

        AtomicReference<CancelRuns> cancel = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(control).map(m -> WireCodec.decode(m.getBody(), CancelRuns.class))
                    .filter(c -> c.runs().contains(request.ref()))
                    .ifPresent(cancel::set);
            return cancel.get() != null;
        });
        assertThat(cancel.get().reason()).isEqualTo("study cancelled");
    }

    @Test
    void deadLettersAMalformedReportWithTheConsumersReason() throws Exception {
        String marker = "{\"kind\": \"broken " + UUID.randomUUID() + "\"";

        broker.publish(RabbitMqProfile.AGENT_EXCHANGE, "agent-reports", marker);

        AtomicReference<GetResponse> dead = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(RabbitMqProfile.DEAD_LETTER_QUEUE)
                    .filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals(marker))
                    .ifPresent(dead::set);
            return dead.get() != null;
        });
        Map<String, Object> headers = dead.get().getProps().getHeaders();
        assertThat(String.valueOf(headers.get(DeadLetters.REASON_HEADER))).startsWith("unreadable AgentReport");
        assertThat(String.valueOf(headers.get(DeadLetters.QUEUE_HEADER))).isEqualTo(RabbitMqProfile.REPORTS_QUEUE);
    }

    private RunRequest awaitRequest(String queue, String studyId) {
        return WireCodec.decode(awaitRequestMessage(queue, studyId).getBody(), RunRequest.class);
    }

    private GetResponse awaitRequestMessage(String queue, String studyId) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(queue)
                    .filter(m -> WireCodec.decode(m.getBody(), RunRequest.class).studyId().equals(studyId))
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private static void awaitState(String studyId, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(given().queryParam("limit", 1)
                .when().get("/studies/" + studyId + "/runs").then().statusCode(200).extract().path("[0].state")));
    }
}
