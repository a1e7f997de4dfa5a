package io.runfleet.agent.rabbitmq;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The rabbitmq profile on top of the test profile (its database settings), with exchanges and queues
 * of this module's own, so that runs of these tests never mix with a deployment or with other modules.
 */
public class RabbitMqProfile implements QuarkusTestProfile {

    static final String PREFIX = "runfleet.test-agent.";
    static final String WORK_EXCHANGE = PREFIX + "work";
    static final String DEAD_LETTER_QUEUE = PREFIX + "dead-letter";
    static final String REQUESTS_QUEUE = PREFIX + "run-requests";

    @Override
    public String getConfigProfile() {
        // the last profile wins where both set a key: RabbitMQ channels replace the in-memory ones
        return "test,rabbitmq";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "runfleet.rabbitmq.queue-prefix", PREFIX,
                "runfleet.rabbitmq.work-exchange", WORK_EXCHANGE,
                "runfleet.rabbitmq.dead-letter-exchange", PREFIX + "dlx",
                "runfleet.rabbitmq.dead-letter-queue", DEAD_LETTER_QUEUE);
    }
}
