package io.runfleet.wire.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The rabbitmq profile on top of the test profile (its database settings), with exchanges and queues
 * named under a module's own prefix, so that runs of these tests never mix with a deployment or with
 * other modules. Each service's RabbitMQ test subclasses it with its prefix. Every role's part of the topology
 * is declared before the application starts ({@link FreshTopology}): the test plays the other processes.
 */
public abstract class IsolatedRabbitMqProfile implements QuarkusTestProfile {

    private final String prefix;
    private final boolean brokerBehindProxy;

    protected IsolatedRabbitMqProfile(String prefix) {
        this(prefix, false);
    }

    /** @param brokerBehindProxy whether the application reaches the broker through {@link BrokerProxy} */
    protected IsolatedRabbitMqProfile(String prefix, boolean brokerBehindProxy) {
        this.prefix = prefix;
        this.brokerBehindProxy = brokerBehindProxy;
    }

    /** The prefix of one module's exchanges and queues, e.g. {@code runfleet.test-agent.}. */
    public static String prefixFor(String module) {
        return "runfleet.test-" + module + ".";
    }

    @Override
    public String getConfigProfile() {
        // the last profile wins where both set a key: RabbitMQ channels replace the in-memory ones
        return "test,rabbitmq";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        TestResourceEntry topology = new TestResourceEntry(FreshTopology.class, Map.of(FreshTopology.PREFIX, prefix));
        return brokerBehindProxy ? List.of(topology, new TestResourceEntry(BrokerProxy.class)) : List.of(topology);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "runfleet.rabbitmq.queue-prefix", prefix,
                "runfleet.rabbitmq.scheduler-exchange", prefix + "from-scheduler",
                "runfleet.rabbitmq.agent-exchange", prefix + "from-agents",
                "runfleet.rabbitmq.results-exchange", prefix + "from-results",
                "runfleet.rabbitmq.events-exchange", prefix + "events",
                "runfleet.rabbitmq.control-exchange", prefix + "control",
                "runfleet.rabbitmq.dead-letter-exchange", prefix + "dlx",
                "runfleet.rabbitmq.dead-letter-queue", prefix + "dead-letter");
    }
}
