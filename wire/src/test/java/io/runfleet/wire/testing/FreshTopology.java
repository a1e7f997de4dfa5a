package io.runfleet.wire.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Deletes a test topology left on the broker by an earlier run before the application starts and declares
 * it again, every role's part: the broker outlives test runs, and a queue kept from a run with other
 * arguments would make the declaration fail. Declaring the other roles' parts stands in for the processes
 * the test plays (a results service alone would otherwise wait for the scheduler's completion queue).
 */
public class FreshTopology implements QuarkusTestResourceLifecycleManager {

    static final String PREFIX = "prefix";
    /** The services' default {@code runfleet.rabbitmq.delivery-limit}: a queue must be declared with the same. */
    private static final long DELIVERY_LIMIT = 5;

    private String prefix;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.get(PREFIX);
    }

    @Override
    public Map<String, String> start() {
        try (RabbitMqBroker broker = RabbitMqBroker.connect()) {
            broker.deleteTopology(prefix);
            broker.declareAll(RabbitMqTopology.prefixed(prefix, DELIVERY_LIMIT));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot clear the test topology " + prefix + "*: " + e.getMessage(), e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // left in place: a failed run's queues are there to look at
    }
}
