package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs longer than RabbitMQ's consumer timeout: with the broker's {@code consumer_timeout} at 15 s, a run
 * of 25 s completes once, with no redelivery, because an agent acks its run request at claim time instead
 * of holding the delivery while the command runs. A second request, queued behind it for the agent's only
 * slot, waits in the queue rather than unacked at the agent (which the broker would take back after 15 s):
 * the agent takes one request per free slot, and a run sent ahead waits there at most
 * {@code runfleet.agent.ahead-wait} (5 s).
 *
 * <p>The broker checks for overdue acks on every channel tick (one minute by default), so a delivery held
 * longer than the timeout might slip through between two checks. The tick is lowered to 1 s for the class: a
 * held delivery is then caught within a second of its timeout, well inside the long run, and a probe consumer
 * that never acks shows the timeout really bites on channels opened under these settings.
 *
 * <p>Both settings are broker-wide for the class's duration (restored afterwards): do not run it while
 * other clients rely on the broker's usual timeout.
 */
class ConsumerTimeoutIT {

    static final long CONSUMER_TIMEOUT_MS = 15_000;
    static final long CHANNEL_TICK_MS = 1_000;
    /** Past the timeout by more than a tick, with room for a slow start: any delivery held that long is caught. */
    private static final int LONG_RUN_SECONDS = 25;
    private static final int SHORT_RUN_SECONDS = 5;

    // Lower @Order first: the settings are in force before any process opens a channel, and are
    // restored only after the processes have stopped.
    @RegisterExtension
    @Order(1)
    static final BrokerSetting CONSUMER_TIMEOUT = BrokerSetting.set("consumer_timeout", CONSUMER_TIMEOUT_MS);

    @RegisterExtension
    @Order(2)
    static final BrokerSetting CHANNEL_TICK = BrokerSetting.set("channel_tick_interval", CHANNEL_TICK_MS);

    /** One agent with one slot: nothing else could take over a run whose delivery the broker took back. */
    @RegisterExtension
    @Order(3)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 1);

    @Test
    void aRunLongerThanTheConsumerTimeoutAndOneQueuedBehindItCompleteOnce() {
        try (HeldDeliveryProbe probe = HeldDeliveryProbe.start(SYSTEM.broker().clientProperties())) {
            String studyId = SYSTEM.scheduler().submitValidYaml(
                    LongRunChecks.sleepingStudy("it-consumer-timeout",
                            List.of(LONG_RUN_SECONDS, SHORT_RUN_SECONDS)));

            List<JsonNode> runs = LongRunChecks.awaitAllFinished(SYSTEM, studyId, 2);
            LongRunChecks.assertSucceededOnceEach(SYSTEM, studyId, runs);
            assertTheShortRunWaitedForTheLongOne(studyId);

            await("the probe's unacked delivery timed out by the broker")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> probe.closeReason() != null);
            assertThat(probe.closeReason()).as("why the broker closed the probe's channel")
                    .contains("PRECONDITION_FAILED");
        }
        LongRunChecks.assertTransportClean(SYSTEM);
    }

    /**
     * Both requests were published at once; the second could only start when the slot freed, more than
     * the consumer timeout later. Had the agent taken it from the broker early, it would have been redelivered
     * (attempt or row counts above) or the agent's channel closed (transport check below).
     */
    private static void assertTheShortRunWaitedForTheLongOne(String studyId) {
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        JsonNode longRun = rowOf(rows, LONG_RUN_SECONDS);
        JsonNode shortRun = rowOf(rows, SHORT_RUN_SECONDS);
        Instant longEnded = Instant.parse(longRun.path("_end").asText());
        Instant shortStarted = Instant.parse(shortRun.path("_start").asText());
        assertThat(shortStarted).as("start of the short run (queued behind the long run on the only slot)")
                .isAfterOrEqualTo(longEnded.minusSeconds(1));
        assertThat(Duration.between(Instant.parse(longRun.path("_start").asText()), shortStarted))
                .as("time the short run waited").isGreaterThan(Duration.ofMillis(CONSUMER_TIMEOUT_MS));
    }

    private static JsonNode rowOf(List<JsonNode> rows, int seconds) {
        return rows.stream().filter(row -> row.path("seconds").asInt() == seconds).findFirst().orElseThrow();
    }
}
