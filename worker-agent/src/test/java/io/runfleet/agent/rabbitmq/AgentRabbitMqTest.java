package io.runfleet.agent.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.rabbitmq.DeadLetters;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.runfleet.wire.testing.RabbitMqBroker;

/**
 * The agent with every channel on the RabbitMQ broker running here: this test plays the scheduler and
 * the results service with the plain AMQP client.
 */
@QuarkusTest
@TestProfile(RabbitMqProfile.class)
class AgentRabbitMqTest {

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
    void runsARequestFromTheQuorumQueueAndReportsItsClaimAndResult() throws Exception {
        String reports = broker.bindTemporaryQueue(RabbitMqProfile.AGENT_EXCHANGE, "direct", "agent-reports");
        String results = broker.bindTemporaryQueue(RabbitMqProfile.AGENT_EXCHANGE, "direct", "run-results");
        String runId = "rmq-run-" + UUID.randomUUID();
        Map<String, Object> params = Map.of("x", 3);
        RunSpec noop = new RunSpec(List.of(), false, "noop", Map.of(), Map.of(), 0, List.of(), "all");

        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "run-requests", WireCodec.encode(new RunRequest(
                WireMessage.SCHEMA_VERSION, "study-rmq", runId, 0, 1, params, ParamHash.of(params), noop, 60_000,
                null, null)));

        AgentReport claim = awaitMessage(reports, bytes -> WireCodec.decode(bytes, AgentReport.class),
                report -> report.kind() == AgentReport.Kind.STARTED && report.runs().contains(new RunRef(runId, 1)));
        assertThat(claim.agentId()).isEqualTo("agent-under-test");
        RunResult result = awaitMessage(results, bytes -> WireCodec.decode(bytes, RunResult.class),
                candidate -> candidate.runId().equals(runId));
        assertThat(result.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(result.attempt()).isEqualTo(1);
    }

    @Test
    void aCancelOnTheControlExchangeStopsTheRunAndItIsReportedCancelled() throws Exception {
        String reports = broker.bindTemporaryQueue(RabbitMqProfile.AGENT_EXCHANGE, "direct", "agent-reports");
        String results = broker.bindTemporaryQueue(RabbitMqProfile.AGENT_EXCHANGE, "direct", "run-results");
        String runId = "rmq-cancel-" + UUID.randomUUID();
        RunSpec sleeper = new RunSpec(List.of("sleep", "60"), false, null, Map.of(), Map.of(), 0, List.of(), "none");
        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "run-requests", WireCodec.encode(new RunRequest(
                WireMessage.SCHEMA_VERSION, "study-rmq", runId, 1, 1, Map.of(), ParamHash.of(Map.of()), sleeper,
                60_000, null, null)));
        awaitMessage(reports, bytes -> WireCodec.decode(bytes, AgentReport.class),
                report -> report.kind() == AgentReport.Kind.STARTED && report.runs().contains(new RunRef(runId, 1)));

        // the routing key means nothing to a fanout exchange: every agent's queue gets the cancel
        broker.publish(RabbitMqProfile.CONTROL_EXCHANGE, "", WireCodec.encode(new CancelRuns(
                WireMessage.SCHEMA_VERSION, List.of(new RunRef(runId, 1)), "study cancelled")));

        RunResult result = awaitMessage(results, bytes -> WireCodec.decode(bytes, RunResult.class),
                candidate -> candidate.runId().equals(runId));
        assertThat(result.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(result.error()).isEqualTo("study cancelled");
    }

    @Test
    void deadLettersAMalformedRequestWithTheConsumersReason() throws Exception {
        String marker = "[\"not a run request\", \"" + UUID.randomUUID() + "\"]";

        broker.publish(RabbitMqProfile.SCHEDULER_EXCHANGE, "run-requests", marker);

        GetResponse dead = awaitBody(RabbitMqProfile.DEAD_LETTER_QUEUE, marker);
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(String.valueOf(headers.get(DeadLetters.REASON_HEADER))).startsWith("unreadable RunRequest");
        assertThat(String.valueOf(headers.get(DeadLetters.QUEUE_HEADER))).isEqualTo(RabbitMqProfile.REQUESTS_QUEUE);
    }

    private <T> T awaitMessage(String queue, Function<byte[], T> decoder, Predicate<T> wanted) {
        AtomicReference<T> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(queue).map(m -> decoder.apply(m.getBody())).filter(wanted).ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private GetResponse awaitBody(String queue, String body) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            broker.take(queue).filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals(body))
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
