package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A known gap, kept out of the build (the name does not match {@code *IT}); run it on its own with
 * {@code ./mvnw -o -B -pl system-tests verify -Dit.test=PrefetchWhileBusyCheck}. It becomes
 * {@code PrefetchWhileBusyIT} once it passes.
 *
 * <p>An agent's prefetch equals its slots, and it acks a request only when it starts the run. A 1-slot
 * agent busy with one run therefore takes the next request from the broker and holds it unacked until the
 * slot frees; under the broker's consumer timeout (60 s here, with the same settings as
 * {@link ConsumerTimeoutIT}) that delivery is taken back, the channel closed and the request delivered
 * again.
 */
class PrefetchWhileBusyCheck {

    @RegisterExtension
    @Order(1)
    static final BrokerSetting CONSUMER_TIMEOUT =
            BrokerSetting.set("consumer_timeout", ConsumerTimeoutIT.CONSUMER_TIMEOUT_MS);

    @RegisterExtension
    @Order(2)
    static final BrokerSetting CHANNEL_TICK =
            BrokerSetting.set("channel_tick_interval", ConsumerTimeoutIT.CHANNEL_TICK_MS);

    @RegisterExtension
    @Order(3)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 1);

    /**
     * Two runs for one 1-slot agent: while the first runs, the second request waits. If the agent took it
     * from the broker without acking (a prefetch equal to its slots), the broker would take it back after
     * 60 s; it must instead run once, after the first.
     */
    @Test
    void twoRunsOfSeventyFiveSecondsOnOneSlotEachCompleteOnce() {
        String studyId = SYSTEM.scheduler().submitValidYaml(LongRunChecks.sleepingStudy("it-consumer-timeout-2x75s", 75, 2));

        List<JsonNode> runs = LongRunChecks.awaitAllFinished(SYSTEM, studyId, 2);
        LongRunChecks.assertSucceededOnceEach(SYSTEM, studyId, runs, 75);
        LongRunChecks.assertTransportClean(SYSTEM);
    }

}
