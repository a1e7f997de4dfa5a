package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.rabbitmq.DeadLetter;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each kind of dead letter means for its run, read from headers as the broker and the consumers write them. */
class RunDeadLettersTest {

    private static final String REQUEST = "{\"runId\": \"r-1\", \"attempt\": 3, \"studyId\": \"s\"}";
    private static final String RESULT = "{\"runId\": \"r-1\", \"attempt\": 3, \"agentId\": \"agent-7\"}";

    private final RunDeadLetters deadLetters = new RunDeadLetters(RabbitMqTopology.prefixed("runfleet.", 5));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DeadLetter byBroker(String queue, String reason, long deliveries) {
        return new DeadLetter(queue, null, false, null, reason, deliveries);
    }

    private static DeadLetter byConsumer(String queue, String reason, boolean terminal) {
        return new DeadLetter(queue, reason, terminal, "runfleet-agent@node1", null, -1);
    }

    @Test
    void aRequestDeadAtTheDeliveryLimitNamesTheLimitAndTheDeliveries() {
        Object news = deadLetters.newsOf(byBroker("runfleet.run-requests", "delivery_limit", 6), bytes(REQUEST))
                .orElseThrow();

        assertThat(news).isEqualTo(new RequestDeadLettered(new RunRef("r-1", 3), "run request dead-lettered: delivery "
                + "limit reached (runfleet.rabbitmq.delivery-limit=5): agents crashed or vanished on it 6 times"));
    }

    @Test
    void aRequestAnAgentRefusedNamesTheAgentAndItsReason() {
        Object news = deadLetters.newsOf(byConsumer("runfleet.run-requests", "unreadable RunRequest: schema 99", true),
                bytes("{\"schemaVersion\": 99, \"runId\": \"r-1\", \"attempt\": 3}")).orElseThrow();

        assertThat(news).isEqualTo(new RequestDeadLettered(new RunRef("r-1", 3),
                "run request refused by runfleet-agent@node1: unreadable RunRequest: schema 99"));
    }

    @Test
    void aResultRefusedForGoodIsARefusalAndOneRefusedForNowALoss() {
        AgentReport refused = (AgentReport) deadLetters.newsOf(byConsumer("runfleet.run-results", "22021 bad byte",
                true), bytes(RESULT)).orElseThrow();
        AgentReport twice = (AgentReport) deadLetters.newsOf(byConsumer("runfleet.run-results", "database away",
                false), bytes(RESULT)).orElseThrow();
        AgentReport byBroker = (AgentReport) deadLetters.newsOf(byBroker("runfleet.run-results", "rejected", -1),
                bytes(RESULT)).orElseThrow();

        assertThat(refused.kind()).isEqualTo(AgentReport.Kind.RESULT_REFUSED);
        assertThat(refused.reason()).isEqualTo("22021 bad byte");
        assertThat(refused.runs()).containsExactly(new RunRef("r-1", 3));
        assertThat(refused.agentId()).isEqualTo("agent-7");
        assertThat(List.of(twice.kind(), byBroker.kind())).containsOnly(AgentReport.Kind.RESULT_UNDELIVERABLE);
        assertThat(twice.reason()).isEqualTo("dead-lettered: refused twice by runfleet-agent@node1: database away");
        assertThat(byBroker.reason()).isEqualTo("dead-lettered: by the broker (rejected)");
    }

    @Test
    void aDeadLetterThatNamesNoRunOrComesFromElsewhereIsNoNews() {
        assertThat(deadLetters.newsOf(byConsumer("runfleet.run-results", "not JSON", true), bytes("not json")))
                .isEmpty();
        assertThat(deadLetters.newsOf(byConsumer("runfleet.run-results", "no id", true), bytes("{\"attempt\": 1}")))
                .isEmpty();
        assertThat(deadLetters.newsOf(byConsumer("runfleet.agent-reports", "bad", true), bytes(REQUEST))).isEmpty();
    }
}
